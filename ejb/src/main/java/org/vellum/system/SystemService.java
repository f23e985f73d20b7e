package org.vellum.system;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.CodeSource;
import java.security.Provider;
import java.security.Security;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Reports which copies of the bundled libraries the application actually loaded. Bouncy Castle matters most: WildFly
 * ships its own, older copy, and the appliance must sign with the one it was built and tested with.
 */
@ApplicationScoped
public class SystemService {

    /** A library as loaded: its version, the jar it came from and the class loader that loaded it. */
    public record Library(String version, String jar, String classLoader) {}

    /** Bouncy Castle as the application sees it, and what (if anything) is registered JVM-wide as "BC". */
    public record CryptoProviders(Library bundled, String jvmWideBc) {}

    public CryptoProviders cryptoProviders() {
        Provider ours = new BouncyCastleProvider();
        Provider registered = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        String jvmWide = registered == null
                ? "none"
                : registered.getClass() == BouncyCastleProvider.class
                        ? "the application's own"
                        : "another copy: " + registered.getVersionStr() + " from " + loaderOf(registered.getClass());
        return new CryptoProviders(
                new Library(
                        ours.getVersionStr(), jarOf(BouncyCastleProvider.class), loaderOf(BouncyCastleProvider.class)),
                jvmWide);
    }

    public Map<String, Library> libraries() {
        Map<String, Library> libraries = new LinkedHashMap<>();
        libraries.put("bouncycastle", cryptoProviders().bundled());
        libraries.put(
                "vellum-verifier",
                new Library(
                        String.valueOf(
                                org.vellum.ledger.Hashes.class.getPackage().getImplementationVersion()),
                        jarOf(org.vellum.ledger.Hashes.class),
                        loaderOf(org.vellum.ledger.Hashes.class)));
        return libraries;
    }

    private static String jarOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return "unknown";
        }
        String path = source.getLocation().getPath();
        return path.substring(path.lastIndexOf('/', path.length() - 2) + 1);
    }

    private static String loaderOf(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return loader == null ? "bootstrap" : loader.toString();
    }
}
