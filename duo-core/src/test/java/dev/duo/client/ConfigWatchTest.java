package dev.duo.client;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.duo.DuoClient;
import dev.duo.config.ConfigEvent;
import dev.duo.config.ConfigStatus;
import dev.duo.internal.live.LiveConfig;
import dev.duo.call.RetryPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A client built from a file follows real edits to it: rename, in-place write, ConfigMap swap, a bad edit. */
class ConfigWatchTest {

    /** Generous: inotify delivers in milliseconds, but the machine may be loaded. */
    private static final Duration BOUND = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final EchoProvider echo = new EchoProvider(Set.of("fireworks_ai", "custom_openai", "openai"));
    private final List<ConfigEvent> events = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private ch.qos.logback.classic.Logger liveLogger;

    @BeforeEach
    void captureLog() {
        liveLogger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(LiveConfig.class);
        log.start();
        liveLogger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        liveLogger.detachAppender(log);
    }

    static String yaml(String model) {
        return """
                models:
                  - name: Mixtral
                    family: mixtral
                    identifier: fireworks_ai/accounts/fireworks/models/mixtral
                    api_key: ${K}
                  - name: Mistral
                    family: mistral
                    identifier: fireworks_ai/accounts/fireworks/models/mistral
                    api_key: ${K}
                  - name: Codegemma
                    family: codegemma
                    identifier: fireworks_ai/accounts/fireworks/models/codegemma
                    api_key: ${K}
                features:
                  code_generations: { provider: self_hosted, model: %s }
                  duo_chat: { provider: self_hosted, model: Mixtral }
                """.formatted(model);
    }

    private DuoClient client(Path file, Map<String, String> env) {
        return DuoClient.builder().configFile(file).environment(env).provider(echo).retryPolicy(RetryPolicy.NONE)
                .configListener(events::add).build();
    }

    private static String servedBy(DuoClient duo) {
        return duo.feature("code_generation").generate(Map.of("user_instruction", "x")).provenance().orElseThrow().model();
    }

    /** Waits for the condition; returns how long it took, in milliseconds. */
    private static long await(String what, BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + BOUND + ": " + what);
            }
            Thread.sleep(5);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void atomicReplace(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".swp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void anEditorsWriteTemporaryAndRenameIsApplied() throws Exception {
        Path file = Files.writeString(dir.resolve("duo.yml"), yaml("Mixtral"));
        try (DuoClient duo = client(file, Map.of("K", "k"))) {
            assertThat(servedBy(duo)).isEqualTo("Mixtral");
            assertThat(duo.configStatus().watching()).isTrue();
            assertThat(duo.configStatus().generation()).isEqualTo(1);
            atomicReplace(file, yaml("Mistral"));
            long ms = await("the renamed file is served", () -> servedBy(duo).equals("Mistral"));
            System.out.println("file rename to first call served by the new model: " + ms + " ms");
            await("listeners are told (after the swap)", () -> !events.isEmpty());
            assertThat(duo.configStatus().generation()).isEqualTo(2);
            assertThat(events).extracting(ConfigEvent::kind).containsExactly(ConfigEvent.Kind.APPLIED);
        }
    }

    @Test
    void aCallInFlightFinishesOnTheSnapshotItStartedWith() throws Exception {
        Path file = Files.writeString(dir.resolve("duo.yml"), yaml("Mixtral"));
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        dev.duo.spi.ModelClient blocking = new dev.duo.spi.ModelClient() {
            @Override
            public java.util.concurrent.CompletableFuture<dev.duo.Completion> completeAsync(dev.duo.spi.ModelRequest request,
                    dev.duo.spi.Attempt attempt) {
                throw new UnsupportedOperationException();
            }

            @Override
            public dev.duo.Completion complete(dev.duo.spi.ModelRequest request, dev.duo.spi.Attempt attempt) {
                if (first.getAndSet(false)) {
                    entered.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return dev.duo.Completion.builder().text("ok").finishReason(dev.duo.FinishReason.STOP).build();
            }

            @Override
            public dev.duo.StreamHandle stream(dev.duo.spi.ModelRequest request, dev.duo.spi.Attempt attempt,
                    dev.duo.StreamListener listener) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
            }
        };
        try (DuoClient duo = DuoClient.builder().configFile(file).environment(Map.of("K", "k")).modelClient(blocking)
                .retryPolicy(RetryPolicy.NONE).build()) {
            java.util.concurrent.CompletableFuture<String> inFlight = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> servedBy(duo));
            assertThat(entered.await(BOUND.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            atomicReplace(file, yaml("Mistral"));
            await("the change is applied", () -> duo.configStatus().generation() == 2);
            assertThat(servedBy(duo)).isEqualTo("Mistral");
            release.countDown();
            assertThat(inFlight.get(BOUND.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("Mixtral");
        }
    }

    @Test
    void anInPlaceWriteIsApplied() throws Exception {
        Path file = Files.writeString(dir.resolve("duo.yml"), yaml("Mixtral"));
        try (DuoClient duo = client(file, Map.of("K", "k"))) {
            Files.writeString(file, yaml("Mistral"));
            await("the rewritten file is served", () -> servedBy(duo).equals("Mistral"));
        }
    }

    @Test
    void aKubernetesConfigMapSymlinkSwapIsApplied() throws Exception {
        // The kubelet's layout: duo.yml -> ..data/duo.yml, ..data -> ..<timestamp>; an update writes a new
        // timestamped folder and renames a fresh ..data_tmp symlink over ..data.
        Path mount = Files.createDirectories(dir.resolve("config"));
        Path first = Files.createDirectories(mount.resolve("..2026_12_01_08_00_00.1"));
        Files.writeString(first.resolve("duo.yml"), yaml("Mixtral"));
        Files.createSymbolicLink(mount.resolve("..data"), first.getFileName());
        Path file = Files.createSymbolicLink(mount.resolve("duo.yml"), Path.of("..data/duo.yml"));
        try (DuoClient duo = client(file, Map.of("K", "k"))) {
            assertThat(servedBy(duo)).isEqualTo("Mixtral");
            Path second = Files.createDirectories(mount.resolve("..2026_12_01_08_05_00.2"));
            Files.writeString(second.resolve("duo.yml"), yaml("Mistral"));
            Path tmp = Files.createSymbolicLink(mount.resolve("..data_tmp"), second.getFileName());
            Files.move(tmp, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            deleteTree(first);
            await("the swapped ConfigMap is served", () -> servedBy(duo).equals("Mistral"));
        }
    }

    @Test
    void aBrokenEditKeepsTheLastGoodSnapshotWarnsOnceAndAFixIsApplied() throws Exception {
        Path file = Files.writeString(dir.resolve("duo.yml"), yaml("Mixtral"));
        try (DuoClient duo = client(file, Map.of("K", "k"))) {
            Files.writeString(file, yaml("Mistral").replace("features:", "features: [oops"));
            await("the bad edit is reported", () -> duo.configStatus().problem().isPresent() && !events.isEmpty());
            ConfigStatus bad = duo.configStatus();
            assertThat(bad.healthy()).isFalse();
            assertThat(bad.problem().orElseThrow()).contains(file.toString()).containsPattern("line \\d+");
            assertThat(bad.generation()).isEqualTo(1);
            assertThat(servedBy(duo)).isEqualTo("Mixtral");
            assertThat(events).extracting(ConfigEvent::kind).containsExactly(ConfigEvent.Kind.REJECTED);
            assertThat(events.get(0).message()).contains("was not applied").contains("last good configuration")
                    .contains("fix it and save again");
            List<ILoggingEvent> warns = log.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
            assertThat(warns).hasSize(1);
            assertThat(warns.get(0).getFormattedMessage()).contains(file.toString());

            Files.writeString(file, yaml("Mistral"));
            await("the fix is served and told", () -> servedBy(duo).equals("Mistral") && events.size() == 2);
            assertThat(duo.configStatus().problem()).isEmpty();
            assertThat(duo.configStatus().healthy()).isTrue();
            assertThat(events).extracting(ConfigEvent::kind)
                    .containsExactly(ConfigEvent.Kind.REJECTED, ConfigEvent.Kind.APPLIED);
        }
    }

    @Test
    void anUnknownModelIsRejectedWithFileLineAndFix() throws Exception {
        Path file = Files.writeString(dir.resolve("duo.yml"), yaml("Mixtral"));
        try (DuoClient duo = client(file, Map.of("K", "k"))) {
            atomicReplace(file, yaml("Mixtral 9000"));
            await("the bad edit is reported", () -> duo.configStatus().problem().isPresent());
            assertThat(duo.configStatus().problem().orElseThrow()).isEqualTo(file + ":15, features.code_generations: "
                    + "code_generations is assigned the model 'Mixtral 9000', which is not defined: add it under 'models:' "
                    + "or assign a model that exists (Mixtral, Mistral, Codegemma)");
            assertThat(servedBy(duo)).isEqualTo("Mixtral");
        }
    }

    @Test
    void anIncompatibleFamilyIsRejectedWithFileLineAndFix() throws Exception {
        Path file = Files.writeString(dir.resolve("duo.yml"), yaml("Mixtral"));
        try (DuoClient duo = client(file, Map.of("K", "k"))) {
            atomicReplace(file, yaml("Mixtral").replace("duo_chat: { provider: self_hosted, model: Mixtral }",
                    "duo_chat: { provider: self_hosted, model: Codegemma }"));
            await("the bad edit is reported", () -> duo.configStatus().problem().isPresent());
            assertThat(duo.configStatus().problem().orElseThrow()).isEqualTo(file + ":16, features.duo_chat: Codegemma is "
                    + "incompatible with the General Chat feature (family codegemma is not one of [mistral, mixtral, "
                    + "codestral, claude_3, gpt, llama3, general, qwen]): assign a model of one of those families");
        }
    }

    @Test
    void aChangedPromptFolderIsApplied() throws Exception {
        Path prompts = Files.createDirectories(dir.resolve("prompts"));
        Path file = Files.writeString(dir.resolve("duo.yml"), yaml("Mixtral") + "prompts: { directories: [ ./prompts ] }\n");
        try (DuoClient duo = client(file, Map.of("K", "k"))) {
            Path folder = Files.createDirectories(prompts.resolve("code_suggestions/generations/base"));
            Files.writeString(folder.resolve("9.0.0.yml"), """
                    name: mine
                    model:
                      params:
                        max_tokens: 10
                    unit_primitives: [generate_code]
                    prompt_template:
                      system: "mine"
                      user: "{{ user_instruction }}"
                    """);
            await("the new prompt folder is applied", () -> duo.configStatus().generation() == 2);
        }
    }

    @Test
    void watchingIsOffWithTheBuilderOrTheEnvironmentAndTheThreadStopsOnClose() throws Exception {
        Path file = Files.writeString(dir.resolve("duo.yml"), yaml("Mixtral"));
        try (DuoClient off = DuoClient.builder().configFile(file).environment(Map.of("K", "k")).provider(echo)
                .watchConfig(false).build();
             DuoClient offByEnv = client(file, Map.of("K", "k", "DUO_CONFIG_WATCH", "false"))) {
            assertThat(off.configStatus().watching()).isFalse();
            assertThat(offByEnv.configStatus().watching()).isFalse();
            Files.writeString(file, yaml("Mistral"));
            // A watching client sees the edit; once it has, the two that do not watch have had every chance to.
            try (DuoClient on = client(file, Map.of("K", "k"))) {
                assertThat(servedBy(on)).isEqualTo("Mistral");
            }
            assertThat(servedBy(off)).isEqualTo("Mixtral");
            assertThat(servedBy(offByEnv)).isEqualTo("Mixtral");
        }
        DuoClient watching = client(file, Map.of("K", "k"));
        Thread t = watcherThreads().stream().filter(Thread::isAlive).findFirst().orElseThrow();
        assertThat(t.isDaemon()).isTrue();
        long before = watcherThreads().size();
        watching.close();
        await("the watcher thread ends", () -> watcherThreads().size() < before);
    }

    private static List<Thread> watcherThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("duo-config-watch")).toList();
    }

    private static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
    }
}
