package org.vellum.seal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Loads the seal-signing key a deployment configures instead of the embedded PKI's: from a PKCS#12 (or JKS) key store
 * file, or from a PKCS#11 token through the JDK's SunPKCS11 provider and its configuration file. The password or PIN
 * is read from a file, never from the configuration itself. A new key store (key rotation) signs the next seals;
 * earlier seals keep the certificate they were signed with inside their signature, so they verify against their own
 * trust anchor.
 */
public final class SigningKeys {
    private SigningKeys() {}

    /**
     * @param type {@code PKCS12}, {@code JKS} or {@code PKCS11}
     * @param location the key store file, or for PKCS11 the SunPKCS11 configuration file
     * @param passwordFile the file holding the store's password or the token's PIN (UTF-8, trailing newline ignored)
     * @param alias the key's alias, or null when the store holds exactly one key
     */
    public static CadesSigner load(String type, Path location, Path passwordFile, String alias)
            throws GeneralSecurityException, IOException {
        char[] password = Files.readString(passwordFile, StandardCharsets.UTF_8)
                .stripTrailing()
                .toCharArray();
        KeyStore store;
        Provider token = null;
        if ("PKCS11".equalsIgnoreCase(type)) {
            Provider base = Security.getProvider("SunPKCS11");
            if (base == null) {
                throw new GeneralSecurityException("this JDK has no SunPKCS11 provider");
            }
            token = base.configure(location.toString());
            store = KeyStore.getInstance("PKCS11", token);
            store.load(null, password);
        } else {
            store = KeyStore.getInstance(type);
            try (InputStream in = Files.newInputStream(location)) {
                store.load(in, password);
            }
        }
        String chosen = alias;
        if (chosen == null || chosen.isBlank()) {
            List<String> keys = new ArrayList<>();
            for (String a : Collections.list(store.aliases())) {
                if (store.isKeyEntry(a)) {
                    keys.add(a);
                }
            }
            if (keys.size() != 1) {
                throw new GeneralSecurityException(
                        "the key store holds " + keys.size() + " keys; name one with vellum.seal.key-alias");
            }
            chosen = keys.get(0);
        }
        if (!(store.getKey(chosen, password) instanceof PrivateKey key)) {
            throw new GeneralSecurityException("the key store has no private key '" + chosen + "'");
        }
        Certificate[] chain = store.getCertificateChain(chosen);
        if (chain == null || chain.length == 0) {
            throw new GeneralSecurityException("the key '" + chosen + "' has no certificate");
        }
        List<X509Certificate> certs = new ArrayList<>();
        for (Certificate c : chain) {
            certs.add((X509Certificate) c);
        }
        return new CadesSigner(key, certs, token);
    }
}
