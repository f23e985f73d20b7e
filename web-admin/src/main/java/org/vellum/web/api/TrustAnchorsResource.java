package org.vellum.web.api;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.security.cert.CRLException;
import org.vellum.pki.PkiService;

/**
 * {@code /trust-anchors}: the certificates an auditor needs to check seals and time-stamps, and the root's CRL. Public
 * on purpose (web.xml leaves these two paths open): certificates and CRLs are meant to be handed out.
 */
@RequestScoped
@Path("/trust-anchors")
public class TrustAnchorsResource {
    static final String PEM = "application/x-pem-file";
    static final String CRL = "application/pkix-crl";

    @Inject
    PkiService pki;

    /** Root CA, seal signer and TSA, PEM, root first. */
    @GET
    @Produces(PEM)
    @PermitAll
    public String certificates() {
        return pki.pki().certificatesPem();
    }

    /** The root's current CRL, DER (RFC 5280), signed at the time of the request. */
    @GET
    @Path("/crl")
    @Produces(CRL)
    @PermitAll
    public byte[] crl() throws CRLException {
        return pki.crl().getEncoded();
    }
}
