package org.vellum.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vellum.it.support.Api;
import org.vellum.it.support.Deployments;

/**
 * The library placement decision, checked in the running server: the EAR loads the Bouncy Castle it bundles (the
 * version the root pom pins) from its own lib/, and WildFly's older copy is not registered as the JVM-wide "BC".
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BouncyCastleIT {

    @Deployment(testable = false)
    static EnterpriseArchive appliance() {
        return Deployments.appliance();
    }

    @ArquillianResource
    URL url;

    @Test
    @SuppressWarnings("unchecked")
    void theApplicationUsesItsOwnBouncyCastle() {
        HttpResponse<String> response =
                Api.as("admin", URI.create(url.toString()).resolve("/")).get("/system");
        assertEquals(200, response.statusCode(), response.body());
        Map<String, Object> system = Api.object(response);
        Map<String, Object> bc =
                (Map<String, Object>) ((Map<String, Object>) system.get("libraries")).get("bouncycastle");
        String pinned = System.getProperty("vellum.bouncycastle.version");
        assertEquals(pinned, bc.get("version"), bc.toString());
        assertEquals("org.bouncycastle-bcprov-jdk18on-" + pinned + ".jar", bc.get("jar"));
        assertTrue(((String) bc.get("class_loader")).contains("deployment.vellum.ear"), bc.toString());
        assertTrue(
                List.of("none", "the application's own").contains(system.get("jvm_wide_bc_provider")),
                "WildFly's copy must not be the JVM-wide BC provider: " + system.get("jvm_wide_bc_provider"));
    }
}
