package dev.duo.admin;

import dev.duo.config.DuoConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.InvalidConfigException;
import dev.duo.feature.FeatureSetting;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuoConfigStoreTest {

    @TempDir
    Path dir;

    private static final String WITH_COMMENTS = """
            # my models
            beta_models_enabled: false
            models:
              - name: Zeta
                family: mistral
                identifier: fireworks_ai/zeta
                api_key: ${FIREWORKS_AI_API_KEY}
              - name: "Alpha #1"
                family: mixtral
                identifier: mistralai/Mixtral-8x7B
                endpoint: http://localhost:8000/v1
            features:
              duo_chat: { provider: disabled }   # off for now
              code_generation: { provider: self_hosted, model: Zeta }
            prompts:
              directories: [ ./prompts ]
            """;

    @Test
    void writesKeepTheOrderOfModelsAndFeaturesAndABackup() throws IOException {
        Path file = write(WITH_COMMENTS);
        List<String> notices = new ArrayList<>();
        DuoConfigStore store = DuoConfigStore.of(file).withNotices(notices::add);

        store.update(c -> c.toBuilder().betaModelsEnabled(true).build());

        String text = Files.readString(file);
        assertThat(text.indexOf("Zeta")).isLessThan(text.indexOf("Alpha #1"));
        assertThat(text.indexOf("duo_chat")).isLessThan(text.indexOf("code_generation"));
        assertThat(text).contains("beta_models_enabled: true", "${FIREWORKS_AI_API_KEY}", "./prompts");
        assertThat(text.indexOf("beta_models_enabled")).isLessThan(text.indexOf("models:"));
        assertThat(Files.readString(store.backupFile())).isEqualTo(WITH_COMMENTS);

        DuoConfig back = DuoConfigLoader.load(file, Map.of(), dir);
        assertThat(back.models().names()).containsExactly("Zeta", "Alpha #1");
        assertThat(back.features().keySet()).containsExactly("duo_chat", "code_generation");
        assertThat(back.promptDirectories()).containsExactly(dir.resolve("prompts").toAbsolutePath().normalize());
        assertThat(back.betaModelsEnabled()).isTrue();
    }

    @Test
    void saysOnceThatCommentsDoNotSurviveAWrite() throws IOException {
        Path file = write(WITH_COMMENTS);
        List<String> notices = new ArrayList<>();
        DuoConfigStore store = DuoConfigStore.of(file).withNotices(notices::add);

        store.update(c -> c.toBuilder().betaModelsEnabled(true).build());
        store.update(c -> c.toBuilder().betaModelsEnabled(false).build());

        assertThat(notices).hasSize(1);
        assertThat(notices.get(0)).contains("comments", "do not survive a write", "duo.yml.bak");
    }

    @Test
    void noNoticeForAFileWithoutCommentsAndNoWriteWhenNothingChanged() throws IOException {
        Path file = write("beta_models_enabled: false\nmodels:\n  - { name: \"A#b\", family: gpt, identifier: openai/gpt-4o }\n");
        List<String> notices = new ArrayList<>();
        DuoConfigStore store = DuoConfigStore.of(file).withNotices(notices::add);

        store.update(c -> c);
        assertThat(store.backupFile()).doesNotExist();

        store.update(c -> c.toBuilder().betaModelsEnabled(true).build());
        assertThat(notices).isEmpty();
        assertThat(store.backupFile()).exists();
    }

    @Test
    void aCrashBetweenWriteAndRenameLeavesTheOldFileWhole() throws IOException {
        Path file = write(WITH_COMMENTS);
        List<Path> temps = new ArrayList<>();
        DuoConfigStore store = DuoConfigStore.of(file).withNotices(n -> { }).withBeforeRename(temp -> {
            temps.add(temp);
            assertThat(Files.readString(temp)).contains("beta_models_enabled: true");
            throw new IOException("simulated crash before the rename");
        });

        assertThatThrownBy(() -> store.update(c -> c.toBuilder().betaModelsEnabled(true).build()))
                .hasMessageContaining("simulated crash")
                .hasMessageContaining("previous version is unchanged");

        assertThat(Files.readString(file)).isEqualTo(WITH_COMMENTS);
        assertThat(temps).hasSize(1);
        assertThat(temps.get(0)).doesNotExist();
        assertThat(DuoConfigStore.of(file).read().betaModelsEnabled()).isFalse();
    }

    @Test
    void refusesToOverwriteACorruptFile() throws IOException {
        String corrupt = "models:\n  - name: A\n    family: [oops\n";
        Path file = write(corrupt);
        DuoConfigStore store = DuoConfigStore.of(file);

        assertThatThrownBy(() -> store.update(c -> c.toBuilder().betaModelsEnabled(true).build()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("nothing was written")
                .hasMessageContaining("duo.yml.bak");
        assertThat(Files.readString(file)).isEqualTo(corrupt);
    }

    @Test
    void refusesAFileWithUnknownKeys() throws IOException {
        Path file = write("beta_models: true\n");
        assertThatThrownBy(() -> DuoConfigStore.of(file).update(c -> c.toBuilder().betaModelsEnabled(true).build()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("unknown key 'beta_models'");
        assertThat(Files.readString(file)).isEqualTo("beta_models: true\n");
    }

    @Test
    void theFirstWriteCreatesTheLocalFileAndNeverTheEnvironmentLayer() {
        DuoConfigStore store = DuoConfigStore.open(null,
                Map.of(DuoConfigLoader.CUSTOM_MODELS_ENABLED, "false"), dir);
        assertThat(store.file()).isEqualTo(dir.resolve("duo.yml"));

        store.update(c -> c.toBuilder().model(ConcurrentStoreWriter.model("m")).build());

        DuoConfig written = DuoConfigLoader.load(null, Map.of(), dir);
        assertThat(written.models().names()).containsExactly("m");
        assertThat(written.customModelsEnabled()).isTrue();
    }

    @Test
    void theClasspathFileIsTheStartingPointButIsNeverWritten() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        String bundled = "models:\n  - { name: bundled, family: gpt, identifier: openai/gpt-4o }\n";
        Files.writeString(classes.resolve("duo.yml"), bundled);
        Path work = Files.createDirectories(dir.resolve("work"));
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        try (java.net.URLClassLoader cl = new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, null)) {
            t.setContextClassLoader(cl);
            DuoConfigStore store = DuoConfigStore.open(null, Map.of(), work);
            assertThat(store.read().models().names()).containsExactly("bundled");
            store.update(c -> c.toBuilder().model(ConcurrentStoreWriter.model("mine")).build());
        } finally {
            t.setContextClassLoader(before);
        }
        assertThat(Files.readString(classes.resolve("duo.yml"))).isEqualTo(bundled);
        assertThat(DuoConfigLoader.load(null, Map.of(), work).models().names()).containsExactly("bundled", "mine");
    }

    @Test
    void anExplicitFileThatDoesNotExistIsCreatedButNotItsDirectory() throws IOException {
        DuoConfigStore nowhere = DuoConfigStore.open(Path.of("sub/other.yml"), Map.of(), dir);
        assertThatThrownBy(() -> nowhere.update(c -> c.toBuilder().betaModelsEnabled(true).build()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("does not exist. Create it first");
        Files.createDirectories(dir.resolve("sub"));
        DuoConfigStore store = DuoConfigStore.open(Path.of("sub/other.yml"), Map.of(), dir);
        store.update(c -> c.toBuilder().feature("duo_chat", FeatureSetting.DISABLED).build());
        assertThat(dir.resolve("sub/other.yml")).exists();
        assertThat(store.read().features()).containsEntry("duo_chat", FeatureSetting.DISABLED);
    }

    @Test
    void writesSurviveTrickyNames() {
        DuoConfigStore store = DuoConfigStore.of(dir.resolve("duo.yml"));
        List<String> names = List.of("true", "123", "a: b", "- x", "Mixtral 8x22b [Fireworks AI]", "it's", "#hash");
        store.update(c -> {
            DuoConfig.Builder b = c.toBuilder();
            names.forEach(n -> b.model(SelfHostedModel.builder().name(n).family(ModelFamily.GPT)
                    .identifier("openai/gpt-4o").build()));
            return b.build();
        });
        assertThat(store.read().models().names()).containsExactlyElementsOf(names);
    }

    @Test
    void threadsWritingAtOnceLoseNoUpdate() throws Exception {
        DuoConfigStore store = DuoConfigStore.of(dir.resolve("duo.yml"));
        int threads = 6;
        int each = 15;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String prefix = "t" + t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        String name = prefix + "-" + i;
                        store.update(c -> c.toBuilder().model(ConcurrentStoreWriter.model(name)).build());
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.read().models().size()).isEqualTo(threads * each);
    }

    @Test
    void twoProcessesWritingAtOnceLoseNoUpdate() throws Exception {
        Path file = dir.resolve("duo.yml");
        int each = 25;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        List<Process> procs = new ArrayList<>();
        for (String prefix : List.of("p1", "p2")) {
            procs.add(new ProcessBuilder(java, "-cp", cp, ConcurrentStoreWriter.class.getName(),
                    file.toString(), prefix, String.valueOf(each))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve(prefix + ".log").toFile())
                    .start());
        }
        // This JVM writes too, so three writers contend for the lock.
        DuoConfigStore store = DuoConfigStore.of(file);
        for (int i = 0; i < each; i++) {
            String name = "here-" + i;
            store.update(c -> c.toBuilder().model(ConcurrentStoreWriter.model(name)).build());
        }
        for (Process p : procs) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("writer finished").isTrue();
            assertThat(p.exitValue()).as("writer exit; log in " + dir).isZero();
        }
        List<String> names = store.read().models().names();
        assertThat(names).hasSize(3 * each);
        assertThat(names).containsAll(Stream.of("p1", "p2", "here")
                .flatMap(p -> IntStream.range(0, each).mapToObj(i -> p + "-" + i)).toList());
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp"))).isEmpty();
        }
        assertThat(cp).isNotBlank().doesNotContain(File.pathSeparator + File.pathSeparator);
    }

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("duo.yml"), text);
    }
}
