package org.vellum.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Path traversal where an admin's words reach the file system in a collection: the {@code sourceDir} job parameter
 * must lie under an import root (docs/api.md), and a source reads nothing outside its folder, whatever its glob or the
 * links inside it say.
 */
class SourceFolderTest {
    @TempDir
    Path tmp;

    private Path root;
    private Path outside;
    private CollectService service;

    @BeforeEach
    void folders() throws Exception {
        root = Files.createDirectories(tmp.resolve("data/import"));
        Files.createDirectories(root.resolve("anon-1"));
        Files.writeString(root.resolve("anon-1/audit.log"), "{}\n");
        outside = Files.createDirectories(tmp.resolve("data/import-evil"));
        Files.writeString(outside.resolve("secret.log"), "{\"key\":\"VELLUM-SECRET\"}\n");
        Files.writeString(tmp.resolve("data/pseudonym.key"), "VELLUM-SECRET\n");
        service = new CollectService();
        service.config = new Roots(root.toString());
    }

    @Test
    void aFolderUnderTheImportRootIsAllowedAsItsRealPath() throws Exception {
        assertEquals(
                root.resolve("anon-1").toRealPath(),
                service.importFolder(root.resolve("anon-1").toString()));
        assertEquals(root.toRealPath(), service.importFolder(root + "/anon-1/.."));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"ROOT/..", "ROOT/../import-evil", "ROOT/anon-1/../../import-evil", "OUTSIDE", "/", "/etc", ""})
    void aFolderOutsideEveryImportRootIsRefusedByName(String dir) {
        CollectException e = assertThrows(CollectException.class, () -> service.importFolder(resolve(dir)));
        assertEquals("source-not-allowed", e.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ROOT/nothing", "ROOT/anon-1/audit.log/..", "ROOT/..\\\\import-evil", "ROOT/a\u0000b"})
    void aFolderThatIsNoneOrNoPathIsRefusedByName(String dir) {
        CollectException e = assertThrows(CollectException.class, () -> service.importFolder(resolve(dir)));
        assertEquals("source-not-found", e.code(), e.getMessage());
    }

    @Test
    void aLinkInsideTheRootToAFolderOutsideIsRefused() throws Exception {
        Path link = Files.createSymbolicLink(root.resolve("shortcut"), outside);
        CollectException e = assertThrows(CollectException.class, () -> service.importFolder(link.toString()));
        assertEquals("source-not-allowed", e.code());
    }

    @Test
    void withoutAnImportRootNothingIsAllowed() {
        service.config = new Roots();
        CollectException e = assertThrows(
                CollectException.class,
                () -> service.importFolder(root.resolve("anon-1").toString()));
        assertEquals("source-not-allowed", e.code());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../import-evil/*",
                "../**",
                "/**",
                "**/../../**",
                "..\\\\import-evil\\\\*",
                "../../pseudonym.key"
            })
    void aGlobCannotReachOutOfTheSourceFolder(String glob) throws Exception {
        List<SpoolFile> files = SpoolScanner.scan(new Source("s", root, glob, Optional.empty(), Optional.empty()));
        Path real = root.toRealPath();
        files.forEach(f -> assertTrue(
                f.path().toAbsolutePath().normalize().startsWith(real), f.path().toString()));
    }

    @Test
    void aLinkOutOfTheSourceFolderIsNotRead() throws Exception {
        Files.createSymbolicLink(root.resolve("anon-1/audit.log.1"), outside.resolve("secret.log"));
        Files.createSymbolicLink(root.resolve("anon-1/keys.log"), tmp.resolve("data/pseudonym.key"));
        Files.createSymbolicLink(root.resolve("evil"), outside); // a folder: never walked into
        Files.createSymbolicLink(root.resolve("anon-1/audit.log.2"), root.resolve("anon-1/audit.log"));
        List<String> read = SpoolScanner.scan(new Source("s", root, "**", Optional.empty(), Optional.empty())).stream()
                .map(SpoolFile::relative)
                .toList();
        assertEquals(List.of("anon-1/audit.log.2", "anon-1/audit.log"), read, "only files inside, links inside too");
    }

    /** A link to nothing (a file rotated away) was followed and stopped the whole source as unreadable. */
    @Test
    void aLinkToNothingIsPassedOver() throws Exception {
        Files.createSymbolicLink(root.resolve("anon-1/gone.log"), tmp.resolve("nowhere"));
        List<String> read = SpoolScanner.scan(new Source("s", root, "**", Optional.empty(), Optional.empty())).stream()
                .map(SpoolFile::relative)
                .toList();
        assertEquals(List.of("anon-1/audit.log"), read);
    }

    @Test
    void aSourceFolderThatIsALinkIsReadWhereItLeads() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("spool"), root);
        List<String> read = SpoolScanner.scan(new Source("s", link, "**", Optional.empty(), Optional.empty())).stream()
                .map(SpoolFile::relative)
                .toList();
        assertEquals(List.of("anon-1/audit.log"), read);
    }

    private String resolve(String dir) {
        return dir.replace("ROOT", root.toString()).replace("OUTSIDE", outside.toString());
    }

    /** Just {@code vellum.collect.import-roots}. */
    private static final class Roots implements Config {
        private final List<String> roots;

        Roots(String... roots) {
            this.roots = List.of(roots);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> Optional<List<T>> getOptionalValues(String name, Class<T> type) {
            return name.equals("vellum.collect.import-roots") && !roots.isEmpty()
                    ? Optional.of((List<T>) roots)
                    : Optional.empty();
        }

        @Override
        public <T> T getValue(String name, Class<T> type) {
            throw new java.util.NoSuchElementException(name);
        }

        @Override
        public ConfigValue getConfigValue(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
            return Optional.empty();
        }

        @Override
        public Iterable<String> getPropertyNames() {
            return Map.<String, String>of().keySet();
        }

        @Override
        public Iterable<ConfigSource> getConfigSources() {
            return List.of();
        }

        @Override
        public <T> Optional<Converter<T>> getConverter(Class<T> type) {
            return Optional.empty();
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            throw new IllegalArgumentException();
        }
    }
}
