package org.vellum.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.vellum.it.support.Api;
import org.vellum.it.support.OfflineCli;
import org.vellum.it.support.ServerProcess;
import org.vellum.it.support.Slapd;

/**
 * Identities from a directory: a real OpenLDAP ({@code slapd}, started by the test) holds people and groups; the
 * server is configured with {@code ear/src/main/cli/ldap.cli}, as an operator would, and started with the directory's
 * settings in a properties file. People sign in with their directory password and get the roles of their
 * {@code vellum-*} groups; a group that merely happens to be called "admin" grants nothing; the role-named accounts of
 * the embedded default no longer sign in; the appliance's internal account still reaches its own TSA (a seal on
 * demand is time-stamped); and what a person does is in the ledger under their directory name. Runs in the H2 pass
 * (the directory does not depend on the database); skipped without slapd, a failure under {@code CI=true}.
 */
@EnabledIfSystemProperty(named = "vellum.database", matches = "h2")
class LdapIT {
    @TempDir
    Path tmp;

    @Test
    void directoryPeopleSignInWithTheRolesOfTheirGroups() throws Exception {
        if (!Files.isExecutable(Path.of(Slapd.SLAPD))) {
            if ("true".equals(System.getenv("CI"))) {
                fail("slapd is required under CI=true (apt-get install slapd)");
            }
            Assumptions.abort("slapd is not installed (apt-get install slapd): the directory test is skipped");
        }
        try (Slapd directory = new Slapd(tmp.resolve("slapd"))) {
            directory.person("alice", "alice-directory-pw-1");
            directory.person("bob", "bob-directory-pw-22");
            directory.person("carol", "carol-directory-pw-333");
            directory.group("vellum-admins", "alice");
            directory.group("vellum-auditors", "bob");
            directory.group("admin", "carol"); // a directory group of the same name as a role: grants nothing

            Path base = Path.of(System.getProperty("jboss.home")).getParent().resolve("ldap-it/standalone");
            try (ServerProcess server = new ServerProcess(base, 500)) {
                Path settings = base.resolve("configuration/ldap.properties");
                Properties p = new Properties();
                p.setProperty("vellum.ldap.url", directory.url());
                p.setProperty("vellum.ldap.bind-dn", Slapd.ROOT_DN);
                p.setProperty("vellum.ldap.bind-password", directory.rootPassword());
                p.setProperty("vellum.ldap.users-dn", "ou=people," + Slapd.SUFFIX);
                p.setProperty("vellum.ldap.groups-dn", "ou=groups," + Slapd.SUFFIX);
                try (var out = Files.newOutputStream(settings)) {
                    p.store(out, "LdapIT's directory");
                }
                OfflineCli.apply(base, settings, "ldap.cli");
                URI root = server.base();
                Api alice = Api.as("alice", "alice-directory-pw-1", root);
                Api bob = Api.as("bob", "bob-directory-pw-22", root);
                server.start(Duration.ofMinutes(3), List.of("--properties=" + settings), bob);

                Api carol = Api.as("carol", "carol-directory-pw-333", root);
                assertEquals(200, alice.get("/users").statusCode(), "alice is an admin through vellum-admins");
                assertEquals(403, bob.get("/users").statusCode(), "bob is no admin");
                assertEquals(200, bob.get("/ledger/head").statusCode(), "bob is an auditor through vellum-auditors");
                assertEquals(403, carol.get("/users").statusCode(), "a group called admin grants nothing");
                assertEquals(403, carol.get("/ledger/head").statusCode(), "carol has no role at all");
                assertEquals(
                        401,
                        Api.as("alice", "wrong-password-1", root).get("/users").statusCode());
                assertEquals(
                        401,
                        Api.as("dave", "no-such-person-1", root)
                                .get("/ledger/head")
                                .statusCode());
                assertEquals(
                        401,
                        server.as("auditor").get("/ledger/head").statusCode(),
                        "the embedded default's role-named account no longer signs in");

                // A seal on demand: the appliance's own account reaches the embedded TSA; alice's action is in the
                // ledger under her directory name.
                var sealed = alice.post("/seals", "");
                assertEquals(201, sealed.statusCode(), sealed.body());
                Path export = tmp.resolve("ledger.jsonl");
                assertEquals(200, bob.download("/ledger/export", export).statusCode());
                List<String> actions = new ArrayList<>();
                for (String line : Files.readAllLines(export)) {
                    if (line.contains("\"type\":\"admin.action\"")) {
                        actions.add(line);
                    }
                }
                assertEquals(1, actions.size(), actions.toString());
                assertTrue(actions.get(0).contains("\"admin\":\"alice\""), actions.get(0));
            }
        }
    }
}
