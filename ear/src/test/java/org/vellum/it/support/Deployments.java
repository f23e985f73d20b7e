package org.vellum.it.support;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/** The one place integration tests get their deployment from: the EAR this build produced, unchanged. */
public final class Deployments {
    private Deployments() {}

    public static EnterpriseArchive appliance() {
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File(System.getProperty("vellum.ear")));
    }
}
