package dev.duo.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.ConfigurationException;
import dev.duo.DuoClient;
import dev.duo.config.ConfigEvent;
import dev.duo.config.StoreSettings;
import dev.duo.config.StoredSettings;
import dev.duo.feature.FeatureSetting;
import dev.duo.model.ApiKey;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.call.RetryPolicy;
import dev.duo.spi.SettingsStoreConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A DuoClient on a real PostgreSQL store follows its changes, through lost notifications and outages. */
class LiveStoreTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private TestDatabase db;
    private final List<ConfigEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void database() throws Exception {
        db = TestDatabase.create();
        try (SettingsStoreConnection store = JdbcSettingsStore.open(settings(db.url), db.environment())) {
            store.update(s -> new StoredSettings(false, List.of(model("Mixtral", ModelFamily.MIXTRAL),
                    model("Mistral", ModelFamily.MISTRAL), model("Codegemma", ModelFamily.CODEGEMMA)),
                    Map.of("code_generations", FeatureSetting.selfHosted("Mixtral"),
                            "duo_chat", FeatureSetting.selfHosted("Mixtral")), s.version()));
        }
    }

    @AfterEach
    void drop() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    private StoreSettings settings(String url) {
        return StoreSettings.of(url, db.user, "${" + TestDatabase.PASSWORD_VARIABLE + "}");
    }

    private static SelfHostedModel model(String name, ModelFamily family) {
        return SelfHostedModel.builder().name(name).family(family)
                .identifier("fireworks_ai/accounts/fireworks/models/" + name.toLowerCase())
                .apiKey(ApiKey.fromEnv("FIREWORKS_AI_API_KEY")).build();
    }

    private DuoClient client(String url, String extra) throws Exception {
        Path file = Files.writeString(dir.resolve("duo.yml"), db.storeYaml(url).replace(" }\n", extra + " }\n"));
        Map<String, String> env = new HashMap<>(db.environment());
        return DuoClient.builder().configFile(file).environment(env).modelClient(new NamingModelClient())
                .retryPolicy(RetryPolicy.NONE).configListener(events::add).build();
    }

    private void assign(String feature, String model) {
        try (SettingsStoreConnection store = JdbcSettingsStore.open(settings(db.url), db.environment())) {
            store.update(s -> {
                Map<String, FeatureSetting> f = new HashMap<>(s.features());
                f.put(feature, FeatureSetting.selfHosted(model));
                return new StoredSettings(s.betaModelsEnabled(), s.models(), f, s.version());
            });
        }
    }

    private static String servedBy(DuoClient duo) {
        return duo.feature("code_generation").generate(Map.of("user_instruction", "x")).provenance().orElseThrow().model();
    }

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

    @Test
    void aCommittedChangeReachesTheClientThroughListenNotify() throws Exception {
        try (DuoClient duo = client(db.url, "")) {
            assertThat(servedBy(duo)).isEqualTo("Mixtral");
            assertThat(duo.configStatus().store()).contains(db.url);
            assertThat(duo.config().models().names()).containsExactly("Mixtral", "Mistral", "Codegemma");
            assign("code_generations", "Mistral");
            long ms = await("the new model is served", () -> servedBy(duo).equals("Mistral"));
            System.out.println("store change to first call served by the new model: " + ms + " ms");
            await("listeners are told (after the swap)", () -> !events.isEmpty());
            assertThat(events).extracting(ConfigEvent::kind).containsExactly(ConfigEvent.Kind.APPLIED);
            assertThat(duo.configStatus().healthy()).isTrue();
        }
    }

    @Test
    void aLostNotificationIsMadeUpForByPollingTheChangeCounter() throws Exception {
        try (DuoClient duo = client(db.url, ", poll_interval: 200ms")) {
            // A change with no NOTIFY: only the counter says something changed.
            db.sql("UPDATE ai_feature_settings SET ai_self_hosted_model_id = (SELECT id FROM ai_self_hosted_models "
                    + "WHERE name = 'Mistral') WHERE feature = 'code_generations'");
            db.sql("UPDATE duo_settings SET change_counter = change_counter + 1");
            await("the polled change is served", () -> servedBy(duo).equals("Mistral"));
        }
    }

    @Test
    void theDatabaseGoingAwayKeepsTheLastGoodSettingsAndItsReturnBringsWhatChanged() throws Exception {
        int pgPort = Integer.parseInt(db.url.replaceAll("^jdbc:postgresql://[^:]+:(\\d+)/.*$", "$1"));
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", pgPort);
             DuoClient duo = client(db.url.replace(":" + pgPort + "/", ":" + proxy.port() + "/"), "")) {
            assertThat(servedBy(duo)).isEqualTo("Mixtral");
            proxy.cut();
            await("the outage is reported", () -> !events.isEmpty());
            assertThat(duo.configStatus().storeConnected()).isFalse();
            assertThat(duo.configStatus().healthy()).isFalse();
            assertThat(events).extracting(ConfigEvent::kind).containsExactly(ConfigEvent.Kind.STORE_DISCONNECTED);
            assertThat(events.get(0).message()).isEqualTo("The settings store " + duo.configStatus().store().orElseThrow()
                    + " is unreachable: the last good settings stay in use while the client reconnects");
            // Calls never wait for the database: they are served from the snapshot throughout.
            for (int i = 0; i < 50; i++) {
                assertThat(servedBy(duo)).isEqualTo("Mixtral");
            }
            assign("code_generations", "Mistral"); // directly, not through the proxy
            proxy.restore();
            await("the change made during the outage is served", () -> servedBy(duo).equals("Mistral"));
            await("the reconnection and the change are reported", () -> events.size() == 3);
            assertThat(events).extracting(ConfigEvent::kind).containsExactly(ConfigEvent.Kind.STORE_DISCONNECTED,
                    ConfigEvent.Kind.STORE_RECONNECTED, ConfigEvent.Kind.APPLIED);
            assertThat(duo.configStatus().healthy()).isTrue();
        }
    }

    @Test
    void aChangeInTheStoreThatDoesNotLoadKeepsTheLastGoodSettings() throws Exception {
        try (DuoClient duo = client(db.url, "")) {
            db.sql("UPDATE ai_feature_settings SET ai_self_hosted_model_id = (SELECT id FROM ai_self_hosted_models "
                    + "WHERE name = 'Codegemma') WHERE feature = 'duo_chat'");
            db.sql("UPDATE duo_settings SET change_counter = change_counter + 1");
            db.sql("SELECT pg_notify('duo_settings_changed', 'x')");
            await("the bad change is reported", () -> duo.configStatus().problem().isPresent());
            assertThat(duo.configStatus().problem().orElseThrow()).isEqualTo("the store " + db.url + ", feature setting "
                    + "duo_chat: Codegemma is incompatible with the General Chat feature (family codegemma is not one of "
                    + "[mistral, mixtral, codestral, claude_3, gpt, llama3, general, qwen]): assign a model of one of those families");
            assertThat(duo.feature("duo_chat").chat(List.of(dev.duo.Message.user("hi"))).provenance().orElseThrow().model())
                    .isEqualTo("Mixtral");
            assign("duo_chat", "Mistral");
            await("the good change is served and told", () -> duo.configStatus().problem().isEmpty() && events.size() == 2);
            assertThat(events).extracting(ConfigEvent::kind).containsExactly(ConfigEvent.Kind.REJECTED, ConfigEvent.Kind.APPLIED);
        }
    }

    @Test
    void aClientThatCannotReachItsStoreAtStartUpDoesNotStartAndSaysWhy() throws Exception {
        Path file = Files.writeString(dir.resolve("duo.yml"), "store: { url: \"jdbc:postgresql://127.0.0.1:1/duo\", user: duo }\n");
        assertThatThrownBy(() -> DuoClient.builder().configFile(file).environment(Map.of()).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Cannot reach the settings store jdbc:postgresql://127.0.0.1:1/duo: Connection to 127.0.0.1:1 "
                        + "refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP "
                        + "connections. Check that the database is running and reachable from here, and the url, user and "
                        + "password of duo.yml's store: section. This client has no settings to start from (the store holds "
                        + "its models and feature settings), so it does not start; it follows the store once it has started, "
                        + "and keeps its last good settings through outages");
    }

    @Test
    void theStoreAddsNothingToACallsPath() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.yml"), """
                models:
                  - { name: Mixtral, family: mixtral, identifier: fireworks_ai/accounts/fireworks/models/mixtral }
                features:
                  code_generations: { provider: self_hosted, model: Mixtral }
                """);
        try (DuoClient fromStore = client(db.url, "");
             DuoClient fromFile = DuoClient.builder().configFile(plain).environment(Map.of())
                     .modelClient(new NamingModelClient()).retryPolicy(RetryPolicy.NONE).build()) {
            // Alternate short rounds and keep each one's best: a shared machine's noise only ever adds.
            long store = Long.MAX_VALUE;
            long file = Long.MAX_VALUE;
            for (int round = 0; round < 4; round++) {
                store = Math.min(store, nanosPerCall(fromStore));
                file = Math.min(file, nanosPerCall(fromFile));
            }
            System.out.println("per-call cost, fake model: store-backed " + store + " ns, file-backed " + file + " ns");
            assertThat(servedBy(fromStore)).isEqualTo("Mixtral");
        }
    }

    private static long nanosPerCall(DuoClient duo) {
        var f = duo.feature("code_generation");
        Map<String, Object> in = Map.of("user_instruction", "x");
        int n = 200;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            f.generate(in);
        }
        return (System.nanoTime() - start) / n;
    }
}
