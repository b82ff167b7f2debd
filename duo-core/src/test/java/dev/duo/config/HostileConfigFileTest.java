package dev.duo.config;

import dev.duo.admin.DuoConfigStore;
import dev.duo.admin.DuoConfigLoader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.duo.InvalidConfigException;
import dev.duo.MissingCredentialsException;
import dev.duo.internal.config.ConfigMapper;
import dev.duo.internal.util.IoReasons;
import dev.duo.model.ApiKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** duo.yml as an attacker (or an accident) would write it, read and written through the real loader and store. */
class HostileConfigFileTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private static final String MODEL = """
            models:
              - name: M
                family: mistral
                identifier: custom_openai/m
                endpoint: http://localhost:8000/v1
            """;

    @Test
    void duplicateKeysAreRefusedWithFileLineAndKey() throws IOException {
        Path f = write("duo.yml", "beta_models_enabled: false\ncustom_models_enabled: true\nbeta_models_enabled: true\n");
        assertThatThrownBy(() -> DuoConfigLoader.load(f, Map.of(), dir))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(f.toString() + ", line 3")
                .hasMessageContaining("the key 'beta_models_enabled' appears twice in the same mapping")
                .hasMessageContaining("keep one of them");
        Path nested = write("nested.yml", MODEL + "    family: mixtral\n");
        assertThatThrownBy(() -> DuoConfigLoader.load(nested, Map.of(), dir))
                .hasMessageContaining("line 6").hasMessageContaining("the key 'family' appears twice");
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedQuickly() throws IOException {
        Path f = write("duo.yml", "beta_models_enabled: false\n# " + "x".repeat(8 * 1024 * 1024) + "\n");
        long start = System.nanoTime();
        assertThatThrownBy(() -> DuoConfigLoader.load(f, Map.of(), dir))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("is larger than 3145728 characters");
        assertThatThrownBy(() -> DuoConfigStore.of(f).read()).hasMessageContaining("is larger than 3145728 characters");
        // Refused after reading at most twice the limit, never parsed; measured generously for a loaded machine
        // (about 50 ms on a quiet one; 1.1 s was seen at a load average of 11 on 2 cores).
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms to refuse twice").isLessThan(5000);
    }

    @Test
    void aHugeOneLineCommentWithinTheLimitIsRefusedQuicklyAndManyCommentLinesReadQuickly() throws IOException {
        Path oneLine = write("one.yml", "beta_models_enabled: false\n# " + "x".repeat(2_900_000) + "\n");
        long start = System.nanoTime();
        assertThatThrownBy(() -> DuoConfigLoader.load(oneLine, Map.of(), dir))
                .hasMessageContaining(oneLine + ", line 2: the line is 2900002 characters long, more than the 65536");
        StringBuilder many = new StringBuilder("beta_models_enabled: true\n");
        while (many.length() < 2_900_000) {
            many.append("# ").append("y".repeat(200)).append('\n');
        }
        Path manyLines = write("many.yml", many.toString());
        assertThat(DuoConfigLoader.load(manyLines, Map.of(), dir).betaModelsEnabled()).isTrue();
        // Linear work, measured generously for a loaded machine (quadratic reading took 10 s for 8 MB).
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(5000);
    }

    @Test
    void aSyntaxErrorKeepsTheLineLayoutSoTheCaretPointsAtTheColumn() throws IOException {
        Path f = write("duo.yml", "http:\n  proxy: http://proxy:3128\n truststore: x\n");
        assertThatThrownBy(() -> DuoConfigLoader.load(f, Map.of(), dir))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(f + ", line 3, column 2: YAML syntax error:\n")
                .hasMessageContaining("\n     truststore: x\n     ^")
                .hasMessageNotContaining("'reader'");
    }

    @Test
    void aSyntaxErrorOnTheKeyLineDoesNotQuoteTheKey() throws IOException {
        Path f = write("duo.yml", MODEL + "    api_key: fw_literal_secret_value_123456\n   - oops\n");
        assertThatThrownBy(() -> DuoConfigLoader.load(f, Map.of(), dir))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("fw_literal_secret_value_123456"));
    }

    @Test
    void endpointUserInfoIsRefusedAtLoadWithoutPrintingIt() throws IOException {
        Path f = write("duo.yml", MODEL.replace("http://localhost:8000/v1", "http://admin:hunter2@localhost:8000/v1"));
        assertThatThrownBy(() -> DuoConfigLoader.load(f, Map.of(), dir))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("has credentials (user:password@) in its endpoint http://****@localhost:8000/v1")
                .hasMessageContaining("api_key: ${")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2", "admin"));
        Path bad = write("bad.yml", MODEL.replace("http://localhost:8000/v1", "\"http://u:hunter2@host/v 1\""));
        assertThatThrownBy(() -> DuoConfigLoader.load(bad, Map.of(), dir))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("is not a URL")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void aKeyThatIsNotAHeaderValueNamesTheVariableAndTheCharacterClassOnly() {
        ApiKey ref = ApiKey.parse("${FIREWORKS_AI_API_KEY}");
        assertThatThrownBy(() -> ref.resolve(Map.of("FIREWORKS_AI_API_KEY", "fw_abc\r\nX-Evil: 1")))
                .isInstanceOf(MissingCredentialsException.class)
                .hasMessageContaining("The environment variable FIREWORKS_AI_API_KEY holds a line break (CR or LF) at character 7")
                .hasMessageContaining("export FIREWORKS_AI_API_KEY again")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("fw_abc", "X-Evil"));
        assertThatThrownBy(() -> ref.resolve(Map.of("FIREWORKS_AI_API_KEY", "fw_clé")))
                .hasMessageContaining("a non-ASCII character at character 6");
        assertThatThrownBy(() -> ref.resolve(Map.of("FIREWORKS_AI_API_KEY", "fw\u0000x")))
                .hasMessageContaining("a control character at character 3");
        assertThatThrownBy(() -> ApiKey.literal("fw_lit\nx").resolve(Map.of()))
                .hasMessageContaining("The api_key written in the configuration holds a line break")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("fw_lit"));
    }

    @Test
    void theLiteralKeyWarningSuggestsAWorkingReference() throws IOException {
        Logger logger = (Logger) LoggerFactory.getLogger(ConfigMapper.class);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        logger.addAppender(seen);
        try {
            Path f = write("duo.yml", MODEL + "    api_key: fw_literal_key_0000000000\n");
            DuoConfigLoader.load(f, Map.of(), dir);
        } finally {
            logger.detachAppender(seen);
        }
        assertThat(seen.list).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                .contains("prefer a reference such as ${FIREWORKS_AI_API_KEY} so")
                .doesNotContain("${{", "fw_literal_key"));
    }

    @Test
    void writesThroughASymlinkLandInItsTargetAndTheLinkStaysALink() throws IOException {
        Path real = Files.createDirectory(dir.resolve("real"));
        Path target = write("real/duo.yml", "beta_models_enabled: false\n");
        Path link = Files.createSymbolicLink(dir.resolve("duo.yml"), target);
        DuoConfigStore store = DuoConfigStore.of(link);

        store.update(c -> c.toBuilder().betaModelsEnabled(true).build());

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(target)).contains("beta_models_enabled: true");
        assertThat(real.resolve("duo.yml.bak")).content().contains("beta_models_enabled: false");
        assertThat(real.resolve("duo.yml.lock")).exists();
        assertThat(dir.resolve("duo.yml.bak")).doesNotExist();
        assertThat(store.read().betaModelsEnabled()).isTrue();
    }

    @Test
    void aReadOnlyFileIsRefusedAndLeftAsItIs() throws IOException {
        Path f = write("duo.yml", "beta_models_enabled: false\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--r--r--"));
        assertThatThrownBy(() -> DuoConfigStore.of(f).update(c -> c.toBuilder().betaModelsEnabled(true).build()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("the file is read-only (mode r--r--r--)")
                .hasMessageContaining("chmod u+w " + f);
        assertThat(f).content().isEqualTo("beta_models_enabled: false\n");
    }

    @Test
    void aDirectoryWithoutWritePermissionIsRefusedWithItsReason() throws IOException {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Path f = write("ro/duo.yml", "beta_models_enabled: false\n");
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertThatThrownBy(() -> DuoConfigStore.of(f).update(c -> c.toBuilder().betaModelsEnabled(true).build()))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("the directory " + ro + " is not writable (mode r-xr-xr-x)");
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void ioErrorsNameTheirReason() throws IOException {
        assertThat(IoReasons.of(new AccessDeniedException("/etc/duo/.duo.yml.1.tmp")))
                .isEqualTo("permission denied on /etc/duo/.duo.yml.1.tmp (check the owner and mode of the file and its directory)");
        Path folder = Files.createDirectory(dir.resolve("duo.yml"));
        Files.writeString(folder.resolve("x"), "x");
        assertThatThrownBy(() -> DuoConfigStore.of(folder).read())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("Cannot read " + folder + ": ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotEndWith(": " + folder));
    }
}
