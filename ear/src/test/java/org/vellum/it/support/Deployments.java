package org.vellum.it.support;

import java.io.File;
import java.net.URI;
import java.net.URL;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/** The one place integration tests get their deployment from: the EAR this build produced, unchanged. */
public final class Deployments {
    private Deployments() {}

    public static EnterpriseArchive appliance() {
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File(System.getProperty("vellum.ear")));
    }

    /** The server's root, from the URL Arquillian injects for the deployment. */
    public static URI serverRoot(URL deployment) {
        return URI.create(deployment.toString()).resolve("/");
    }
}
