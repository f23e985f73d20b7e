package org.vellum.archive;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * {@code META-INF/ASiCManifest.xml} of an ASiC-E container with a CAdES signature (ETSI EN 319 162-1, annex A.4): the
 * signature it belongs to and a SHA-256 digest of every data object the signature covers. The signature signs the
 * manifest's bytes, so the digests bind every member.
 */
public record AsicManifest(String signature, List<Reference> references) {
    public static final String NAMESPACE = "http://uri.etsi.org/02918/v1.2.1#";
    public static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";
    public static final String SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";

    /** A data object: its member name, media type and SHA-256. */
    public record Reference(String uri, String mimeType, byte[] sha256) {}

    public AsicManifest {
        references = List.copyOf(references);
        Set<String> seen = new HashSet<>();
        for (Reference r : references) {
            if (!seen.add(r.uri())) {
                throw new IllegalArgumentException("the manifest lists " + r.uri() + " twice");
            }
        }
    }

    /** The manifest's XML, UTF-8; always the same bytes for the same content. */
    public byte[] bytes() {
        StringBuilder xml = new StringBuilder(256 + 256 * references.size());
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
        xml.append("<asic:ASiCManifest xmlns:asic=\"")
                .append(NAMESPACE)
                .append("\" xmlns:ds=\"")
                .append(DSIG)
                .append("\">\n");
        xml.append("  <asic:SigReference URI=\"")
                .append(escape(signature))
                .append("\" MimeType=\"")
                .append(ArchiveLayout.PKCS7)
                .append("\"/>\n");
        for (Reference r : references) {
            xml.append("  <asic:DataObjectReference URI=\"")
                    .append(escape(r.uri()))
                    .append("\" MimeType=\"")
                    .append(escape(r.mimeType()))
                    .append("\">\n");
            xml.append("    <ds:DigestMethod Algorithm=\"").append(SHA256).append("\"/>\n");
            xml.append("    <ds:DigestValue>")
                    .append(Base64.getEncoder().encodeToString(r.sha256()))
                    .append("</ds:DigestValue>\n");
            xml.append("  </asic:DataObjectReference>\n");
        }
        xml.append("</asic:ASiCManifest>\n");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }

    /** Parses a manifest; {@link IllegalArgumentException} naming what is wrong. No DTDs, no external entities. */
    public static AsicManifest parse(byte[] xml) {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            doc = b.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("the manifest is not well-formed XML: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        if (!NAMESPACE.equals(root.getNamespaceURI()) || !"ASiCManifest".equals(root.getLocalName())) {
            throw new IllegalArgumentException("the manifest's root is not an ASiCManifest of " + NAMESPACE);
        }
        String signature = null;
        List<Reference> refs = new ArrayList<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element e)) {
                continue;
            }
            if (!NAMESPACE.equals(e.getNamespaceURI())) {
                throw new IllegalArgumentException("unexpected element " + e.getTagName() + " in the manifest");
            }
            switch (e.getLocalName()) {
                case "SigReference" -> {
                    if (signature != null) {
                        throw new IllegalArgumentException("the manifest names two signatures");
                    }
                    signature = e.getAttribute("URI");
                }
                case "DataObjectReference" -> refs.add(reference(e));
                case "ASiCManifestExtensions" -> {
                    // extensions carry nothing this format uses
                }
                default -> throw new IllegalArgumentException(
                        "unexpected element " + e.getLocalName() + " in the manifest");
            }
        }
        if (signature == null || signature.isEmpty()) {
            throw new IllegalArgumentException("the manifest names no signature (SigReference)");
        }
        return new AsicManifest(signature, refs);
    }

    private static Reference reference(Element e) {
        String uri = e.getAttribute("URI");
        if (uri.isEmpty()) {
            throw new IllegalArgumentException("a DataObjectReference has no URI");
        }
        NodeList methods = e.getElementsByTagNameNS(DSIG, "DigestMethod");
        NodeList values = e.getElementsByTagNameNS(DSIG, "DigestValue");
        if (methods.getLength() != 1 || values.getLength() != 1) {
            throw new IllegalArgumentException(
                    "the reference to " + uri + " needs one DigestMethod and one DigestValue");
        }
        String algorithm = ((Element) methods.item(0)).getAttribute("Algorithm");
        if (!SHA256.equals(algorithm)) {
            throw new IllegalArgumentException("the reference to " + uri + " uses " + algorithm + ", not SHA-256");
        }
        byte[] digest;
        try {
            digest = Base64.getMimeDecoder()
                    .decode(values.item(0).getTextContent().strip());
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("the digest of " + uri + " is not base64", ex);
        }
        if (digest.length != 32) {
            throw new IllegalArgumentException("the digest of " + uri + " is not 32 bytes");
        }
        return new Reference(uri, e.getAttribute("MimeType"), digest);
    }

    /** The reference to {@code uri}, or null. */
    public Reference reference(String uri) {
        return references.stream().filter(r -> r.uri().equals(uri)).findFirst().orElse(null);
    }
}
