package org.vellum.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vellum.it.support.Api;
import org.vellum.it.support.Deployments;

/**
 * The appliance's PKI as an auditor meets it: without an account, {@code GET /trust-anchors} gives the root, seal
 * signer and TSA certificates, {@code GET /trust-anchors/crl} the root's CRL; both check out against the root.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TrustAnchorsIT {

    @Deployment(testable = false)
    static EnterpriseArchive appliance() {
        return Deployments.appliance();
    }

    @ArquillianResource
    URL url;

    @TempDir
    Path dir;

    @Test
    void certificatesAndCrlArePublicAndCheckOut() throws Exception {
        Api anonymous = Api.anonymous(URI.create(url.toString()).resolve("/"));
        HttpResponse<String> pem = anonymous.get("/trust-anchors");
        assertEquals(200, pem.statusCode(), pem.body());
        assertTrue(pem.headers().firstValue("Content-Type").orElse("").startsWith("application/x-pem-file"));
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certs = new ArrayList<>();
        for (var c :
                x509.generateCertificates(new ByteArrayInputStream(pem.body().getBytes(StandardCharsets.US_ASCII)))) {
            certs.add((X509Certificate) c);
        }
        assertEquals(3, certs.size(), "root, seal signer, TSA");
        X509Certificate root = certs.get(0);
        root.verify(root.getPublicKey());
        certs.get(1).verify(root.getPublicKey());
        certs.get(2).verify(root.getPublicKey());
        assertEquals(List.of("1.3.6.1.5.5.7.3.8"), certs.get(2).getExtendedKeyUsage());

        Path crlFile = dir.resolve("root.crl");
        HttpResponse<Path> crl = anonymous.download("/trust-anchors/crl", crlFile);
        assertEquals(200, crl.statusCode());
        X509CRL parsed = (X509CRL) x509.generateCRL(Files.newInputStream(crlFile));
        parsed.verify(root.getPublicKey());
        assertEquals(root.getSubjectX500Principal(), parsed.getIssuerX500Principal());

        // The same certificates on every call: generated once, then kept.
        assertArrayEquals(
                pem.body().getBytes(StandardCharsets.US_ASCII),
                anonymous.get("/trust-anchors").body().getBytes(StandardCharsets.US_ASCII));
        // Open for reading only.
        assertEquals(403, anonymous.post("/trust-anchors", "{}").statusCode());
        assertEquals(403, anonymous.post("/trust-anchors/crl", "{}").statusCode());
    }
}
