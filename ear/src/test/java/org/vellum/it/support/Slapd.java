package org.vellum.it.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Hashtable;
import java.util.List;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.directory.BasicAttribute;
import javax.naming.directory.BasicAttributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * A real OpenLDAP server for one test: Debian's {@code slapd} with a throw-away configuration and database under
 * {@code dir}, listening on a free port of 127.0.0.1, with suffix {@code dc=example,dc=org} and a random root
 * password. Entries are added over LDAP, as a directory administrator would.
 */
public final class Slapd implements AutoCloseable {
    public static final String SLAPD = "/usr/sbin/slapd";
    public static final String SUFFIX = "dc=example,dc=org";
    public static final String ROOT_DN = "cn=admin," + SUFFIX;

    private final Process process;
    private final int port;
    private final String rootPassword;

    public Slapd(Path dir) throws IOException, InterruptedException, NamingException {
        Files.createDirectories(dir.resolve("db"));
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        rootPassword = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path conf = dir.resolve("slapd.conf");
        Files.write(
                conf,
                List.of(
                        "include /etc/ldap/schema/core.schema",
                        "include /etc/ldap/schema/cosine.schema",
                        "include /etc/ldap/schema/inetorgperson.schema",
                        "modulepath /usr/lib/ldap",
                        "moduleload back_mdb",
                        "pidfile " + dir.resolve("slapd.pid"),
                        "database mdb",
                        "maxsize 104857600",
                        "suffix \"" + SUFFIX + "\"",
                        "rootdn \"" + ROOT_DN + "\"",
                        "rootpw " + rootPassword,
                        "directory " + dir.resolve("db")));
        // -d keeps it in the foreground, so that the test owns the process
        process = new ProcessBuilder(SLAPD, "-d", "0", "-h", "ldap://127.0.0.1:" + port + "/", "-f", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("slapd.log").toFile())
                .start();
        awaitPort(Duration.ofSeconds(20));
        try (Directory root = bind(ROOT_DN, rootPassword)) {
            root.add(SUFFIX, List.of("dcObject", "organization"), "dc", "example", "o", "Example");
            root.add("ou=people," + SUFFIX, List.of("organizationalUnit"), "ou", "people");
            root.add("ou=groups," + SUFFIX, List.of("organizationalUnit"), "ou", "groups");
        }
    }

    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    public String rootPassword() {
        return rootPassword;
    }

    /** Adds a person {@code uid=NAME} under ou=people with a password. */
    public void person(String uid, String password) throws NamingException {
        try (Directory root = bind(ROOT_DN, rootPassword)) {
            root.add(
                    "uid=" + uid + ",ou=people," + SUFFIX,
                    List.of("inetOrgPerson"),
                    "uid",
                    uid,
                    "cn",
                    uid,
                    "sn",
                    uid,
                    "userPassword",
                    password);
        }
    }

    /** Adds a group {@code cn=NAME} under ou=groups whose members are the given people. */
    public void group(String cn, String... members) throws NamingException {
        try (Directory root = bind(ROOT_DN, rootPassword)) {
            BasicAttributes attributes = new BasicAttributes(true);
            attributes.put(new BasicAttribute("objectClass", "groupOfNames"));
            attributes.put(new BasicAttribute("cn", cn));
            BasicAttribute member = new BasicAttribute("member");
            for (String uid : members) {
                member.add("uid=" + uid + ",ou=people," + SUFFIX);
            }
            attributes.put(member);
            root.context
                    .createSubcontext("cn=" + cn + ",ou=groups," + SUFFIX, attributes)
                    .close();
        }
    }

    private Directory bind(String dn, String password) throws NamingException {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, url());
        env.put(Context.SECURITY_AUTHENTICATION, "simple");
        env.put(Context.SECURITY_PRINCIPAL, dn);
        env.put(Context.SECURITY_CREDENTIALS, password);
        return new Directory(new InitialDirContext(env));
    }

    private record Directory(DirContext context) implements AutoCloseable {
        /** An entry of the given object classes and single-valued attributes given as name, value pairs. */
        void add(String dn, List<String> classes, String... pairs) throws NamingException {
            BasicAttributes attributes = new BasicAttributes(true);
            BasicAttribute oc = new BasicAttribute("objectClass");
            classes.forEach(oc::add);
            attributes.put(oc);
            for (int i = 0; i < pairs.length; i += 2) {
                attributes.put(new BasicAttribute(pairs[i], pairs[i + 1]));
            }
            context.createSubcontext(dn, attributes).close();
        }

        @Override
        public void close() throws NamingException {
            context.close();
        }
    }

    private void awaitPort(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("slapd exited with " + process.exitValue() + "; see its log");
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IOException("slapd did not listen on port " + port + " within " + timeout);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
