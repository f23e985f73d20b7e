package org.vellum.seal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CRL;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The certificates a verifier trusts: every self-signed CA certificate given is an anchor, the others are candidates
 * for intermediate links. Several anchors may be given at once, so that seals signed before and after a key rotation
 * verify side by side. CRLs, when given, are checked; without them revocation is not (and the result says so).
 */
public final class TrustAnchors {
    private final Set<TrustAnchor> anchors = new HashSet<>();
    private final List<X509Certificate> others = new ArrayList<>();
    private final List<CRL> crls = new ArrayList<>();

    private TrustAnchors() {}

    public static TrustAnchors of(Collection<X509Certificate> certificates, Collection<? extends CRL> crls) {
        TrustAnchors t = new TrustAnchors();
        for (X509Certificate c : certificates) {
            if (c.getBasicConstraints() >= 0 && c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                t.anchors.add(new TrustAnchor(c, null));
            } else {
                t.others.add(c);
            }
        }
        if (t.anchors.isEmpty()) {
            throw new IllegalArgumentException("the trusted certificates hold no self-signed CA certificate");
        }
        t.crls.addAll(crls);
        return t;
    }

    /** Reads PEM (or DER) certificates from {@code pem}, and CRLs from {@code crlFiles}. */
    public static TrustAnchors load(Path pem, List<Path> crlFiles) throws IOException {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> certs = new ArrayList<>();
            for (var c : cf.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem)))) {
                certs.add((X509Certificate) c);
            }
            List<CRL> crls = new ArrayList<>();
            for (Path f : crlFiles) {
                crls.addAll(cf.generateCRLs(new ByteArrayInputStream(Files.readAllBytes(f))));
            }
            return of(certs, crls);
        } catch (CertificateException | java.security.cert.CRLException e) {
            throw new IllegalArgumentException(pem + " holds no readable certificates: " + e.getMessage(), e);
        }
    }

    public boolean checksRevocation() {
        return !crls.isEmpty();
    }

    /**
     * Checks that {@code target} chains to an anchor at instant {@code at}, using {@code candidates} (e.g. those a
     * signature carries) for links.
     */
    public void validate(X509Certificate target, Collection<X509Certificate> candidates, Instant at, String what)
            throws SealException {
        try {
            X509CertSelector selector = new X509CertSelector();
            selector.setCertificate(target);
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, selector);
            List<Object> store = new ArrayList<>(others);
            store.addAll(candidates);
            store.add(target);
            store.addAll(crls);
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(store)));
            params.setRevocationEnabled(!crls.isEmpty());
            params.setDate(Date.from(at));
            CertPathBuilder.getInstance("PKIX").build(params);
        } catch (GeneralSecurityException e) {
            throw new SealException(
                    SealFailure.UNTRUSTED,
                    what + " " + target.getSubjectX500Principal().getName() + " does not chain to a trust anchor at "
                            + at + ": " + e.getMessage(),
                    e);
        }
    }
}
