package dev.duo.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.ConfigurationException;
import dev.duo.ModelParams;
import dev.duo.config.StoreSettings;
import dev.duo.config.StoredSettings;
import dev.duo.feature.FeatureSetting;
import dev.duo.admin.SettingProvider;
import dev.duo.model.ApiKey;
import dev.duo.model.CircuitBreakerSettings;
import dev.duo.admin.DevelopmentCatalog;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.model.Timeouts;
import dev.duo.spi.SettingsStoreConnection;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store against a real PostgreSQL: schema, round trips, the store's rules, concurrent writers. */
class JdbcSettingsStoreTest {

    private TestDatabase db;
    private StoreSettings settings;

    @BeforeEach
    void database() throws Exception {
        db = TestDatabase.create();
        settings = StoreSettings.of(db.url, db.user, "${" + TestDatabase.PASSWORD_VARIABLE + "}");
    }

    @AfterEach
    void drop() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    private SettingsStoreConnection open() {
        return JdbcSettingsStore.open(settings, db.environment());
    }

    private static SelfHostedModel model(String name, ModelFamily family) {
        return SelfHostedModel.builder().name(name).family(family)
                .identifier("fireworks_ai/accounts/fireworks/models/" + name.toLowerCase().replace(' ', '-'))
                .apiKey(ApiKey.fromEnv("FIREWORKS_AI_API_KEY")).build();
    }

    private static StoredSettings with(StoredSettings s, List<SelfHostedModel> models, Map<String, FeatureSetting> features) {
        return new StoredSettings(s.betaModelsEnabled(), models, features, s.version());
    }

    @Test
    void theFirstConnectionCreatesGitLabShapedTablesWithFlyway() throws Exception {
        try (SettingsStoreConnection store = open()) {
            assertThat(store.read()).isEqualTo(new StoredSettings(false, List.of(), Map.of(), 0));
        }
        List<String> tables = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                     + "ORDER BY table_name")) {
            while (r.next()) {
                tables.add(r.getString(1));
            }
        }
        assertThat(tables).containsExactly("ai_feature_settings", "ai_self_hosted_models", "duo_schema_history", "duo_settings");
        try (SettingsStoreConnection again = open()) {
            assertThat(again.read().version()).isZero();
        }
    }

    @Test
    void modelsSettingsAndTheOptInRoundTripInOrder() {
        SelfHostedModel vllm = SelfHostedModel.builder().name("vLLM Mistral").family(ModelFamily.MISTRAL)
                .identifier("mistralai/Mistral-7B-Instruct-v0.3").endpoint(URI.create("http://10.0.0.5:8000/v1"))
                .params(ModelParams.builder().temperature(0.2).maxTokens(512).stop(List.of("</s>")).build())
                .timeouts(Timeouts.DEFAULTS.withAttempt(Duration.ofSeconds(45))).build();
        SelfHostedModel claude = SelfHostedModel.builder().name("Claude [Bedrock]").family(ModelFamily.CLAUDE_3)
                .identifier("bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0").region("eu-west-1").build();
        Map<String, FeatureSetting> features = new LinkedHashMap<>();
        features.put("duo_chat", FeatureSetting.selfHosted("Claude [Bedrock]"));
        features.put("code_generations", FeatureSetting.selfHosted("vLLM Mistral"));
        features.put("code_completions", FeatureSetting.DISABLED);
        features.put("review_merge_request", new FeatureSetting(SettingProvider.VENDORED, null));
        try (SettingsStoreConnection store = open()) {
            StoredSettings written = store.update(s -> new StoredSettings(true, List.of(vllm, claude), features, s.version()));
            assertThat(written.version()).isEqualTo(1);
            StoredSettings read = store.read();
            assertThat(read.models()).containsExactly(vllm, claude);
            assertThat(read.features()).containsExactlyEntriesOf(features);
            assertThat(read.betaModelsEnabled()).isTrue();
            assertThat(read.version()).isEqualTo(1);
            // An update that changes nothing writes nothing and keeps the counter.
            assertThat(store.update(s -> s).version()).isEqualTo(1);
            assertThat(store.update(s -> with(s, s.models(), s.features())).version()).isEqualTo(1);
        }
    }

    @Test
    void replicasRoutingAndFallbacksRoundTripInsteadOfBeingDropped() {
        SelfHostedModel pods = SelfHostedModel.builder().name("Mistral on our vLLM").family(ModelFamily.MISTRAL)
                .identifier("custom_openai/mistralai/Mistral-7B-Instruct-v0.3")
                .endpoints(List.of(URI.create("http://10.0.0.5:8000/v1"), URI.create("http://10.0.0.6:8000/v1")))
                .circuitBreaker(CircuitBreakerSettings.DEFAULTS.withFailureRateThreshold(30).withWaitInOpen(Duration.ofSeconds(45)))
                .maxConcurrentRequests(16).build();
        SelfHostedModel mixtral = model("Mixtral 8x22b", ModelFamily.MIXTRAL);
        Map<String, FeatureSetting> features = new LinkedHashMap<>();
        features.put("code_generations", FeatureSetting.selfHosted("Mistral on our vLLM").withFallbacks(List.of("Mixtral 8x22b")));
        features.put("code_completions", FeatureSetting.selfHosted("Mixtral 8x22b"));
        try (SettingsStoreConnection store = open()) {
            store.update(s -> with(s, List.of(pods, mixtral), features));
            StoredSettings read = store.read();
            assertThat(read.models()).containsExactly(pods, mixtral);
            assertThat(read.models().get(0).replicas()).hasSize(2);
            assertThat(read.models().get(0).maxConcurrentRequests()).isEqualTo(pods.maxConcurrentRequests());
            assertThat(read.features()).containsExactlyEntriesOf(features);
            assertThat(read.features().get("code_generations").fallbackModels()).containsExactly("Mixtral 8x22b");
            // Dropping the fallback is written too (the column is cleared, not kept from before).
            features.put("code_generations", FeatureSetting.selfHosted("Mistral on our vLLM"));
            store.update(s -> with(s, s.models(), features));
            assertThat(store.read().features().get("code_generations").fallbackModels()).isEmpty();
        }
    }

    @Test
    void aLiteralApiKeyIsRefusedWithTheFix() {
        SelfHostedModel literal = SelfHostedModel.builder().name("Leaky").family(ModelFamily.MIXTRAL)
                .identifier("fireworks_ai/accounts/fireworks/models/mixtral-8x22b-instruct")
                .apiKey(ApiKey.literal("fw_NotARealKeyJustATestValue")).build();
        try (SettingsStoreConnection store = open()) {
            assertThatThrownBy(() -> store.update(s -> with(s, List.of(literal), Map.of())))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("Model 'Leaky' was given a literal api key, and the settings store never holds a key: give a "
                            + "reference instead (api_key: ${FIREWORKS_AI_API_KEY}, or 'duo models add ... --api-key-env "
                            + "FIREWORKS_AI_API_KEY') and export that variable in each process that uses the model. "
                            + "Nothing was changed")
                    .message().doesNotContain("fw_NotARealKeyJustATestValue");
            assertThat(store.read().models()).isEmpty();
        }
    }

    @Test
    void aModelInUseCannotBeRemovedAndTheFeaturesUsingItAreNamed() {
        SelfHostedModel a = model("Mixtral", ModelFamily.MIXTRAL);
        SelfHostedModel b = model("Mistral", ModelFamily.MISTRAL);
        try (SettingsStoreConnection store = open()) {
            store.update(s -> with(s, List.of(a, b), Map.of("duo_chat", FeatureSetting.selfHosted("Mixtral"),
                    "code_generations", FeatureSetting.selfHosted("Mixtral"))));
            assertThatThrownBy(() -> store.update(s -> with(s, List.of(b), s.features())))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("Model 'Mixtral' cannot be removed: it is used by ")
                    .hasMessageContaining("duo_chat").hasMessageContaining("code_generations")
                    .hasMessageEndingWith(": assign them another model ('duo features assign <feature> --model <name>') or "
                            + "disable them ('duo features disable <feature>') first. Nothing was changed");
            assertThat(store.read().models()).containsExactly(a, b);
        }
    }

    @Test
    void theDatabaseItselfRefusesToDeleteAModelInUse() throws Exception {
        try (SettingsStoreConnection store = open()) {
            store.update(s -> with(s, List.of(model("Mixtral", ModelFamily.MIXTRAL)),
                    Map.of("duo_chat", FeatureSetting.selfHosted("Mixtral"))));
        }
        assertThatThrownBy(() -> db.sql("DELETE FROM ai_self_hosted_models WHERE name = 'Mixtral'"))
                .hasMessageContaining("violates foreign key constraint");
    }

    @Test
    void concurrentWritersNeverLoseAnUpdate() throws Exception {
        int writers = 6;
        int each = 5;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            done.add(pool.submit((Callable<Void>) () -> {
                try (SettingsStoreConnection store = open()) {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        SelfHostedModel m = model("m" + writer + "-" + i, ModelFamily.MISTRAL);
                        store.update(s -> {
                            List<SelfHostedModel> next = new ArrayList<>(s.models());
                            next.add(m);
                            return with(s, next, s.features());
                        });
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        try (SettingsStoreConnection store = open()) {
            StoredSettings s = store.read();
            assertThat(s.models()).hasSize(writers * each);
            assertThat(s.version()).isEqualTo(writers * each);
        }
    }

    @Test
    void twoSeedsAtOnceAddTheCatalogOnceAndNeitherFails() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        Callable<Integer> seed = () -> {
            try (SettingsStoreConnection store = open()) {
                start.await();
                int[] added = new int[1];
                store.update(s -> {
                    List<SelfHostedModel> next = new ArrayList<>(s.models());
                    added[0] = 0;
                    for (SelfHostedModel m : DevelopmentCatalog.models()) {
                        if (next.stream().noneMatch(x -> x.name().equals(m.name()))) {
                            next.add(m);
                            added[0]++;
                        }
                    }
                    return added[0] == 0 ? s : with(s, next, s.features());
                });
                return added[0];
            }
        };
        Future<Integer> one = pool.submit(seed);
        Future<Integer> two = pool.submit(seed);
        start.countDown();
        int total = DevelopmentCatalog.models().size();
        assertThat(List.of(one.get(120, TimeUnit.SECONDS), two.get(120, TimeUnit.SECONDS))).containsExactlyInAnyOrder(total, 0);
        pool.shutdown();
        try (SettingsStoreConnection store = open()) {
            assertThat(store.read().models()).hasSize(total);
            assertThat(store.read().version()).isEqualTo(1);
        }
    }

    @Test
    void aSchemaNewerThanThisSdkKnowsIsRefused() throws Exception {
        open().close();
        db.sql("INSERT INTO duo_schema_history (installed_rank, version, description, type, script, checksum, installed_by, "
                + "execution_time, success) VALUES (3, '3', 'from the future', 'SQL', 'V3__from_the_future.sql', 0, 'test', 0, true)");
        assertThatThrownBy(this::open).isInstanceOf(ConfigurationException.class)
                .hasMessage("The settings store " + db.url + " has schema version 3, newer than this SDK knows (2): a newer "
                        + "dev.duo:duo-store-jdbc migrated it. Upgrade dev.duo:duo-store-jdbc in this service to the version "
                        + "the rest of the fleet uses; nothing was read or changed");
    }

    @Test
    void aDatabaseWithOtherTablesGetsTheStoreBesideThem() throws Exception {
        db.sql("CREATE TABLE orders (id bigint PRIMARY KEY)");
        try (SettingsStoreConnection store = open()) {
            assertThat(store.update(s -> with(s, List.of(model("Mixtral", ModelFamily.MIXTRAL)), Map.of())).version()).isEqualTo(1);
        }
        db.sql("SELECT count(*) FROM orders");
    }

    @Test
    void aDatabaseThatAlreadyHasSuchTablesIsRefusedAndLeftAlone() throws Exception {
        // As if pointed at GitLab's own database, which has an ai_self_hosted_models table of its own.
        db.sql("CREATE TABLE ai_self_hosted_models (id bigint PRIMARY KEY, model smallint NOT NULL)");
        assertThatThrownBy(this::open).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("The settings store " + db.url + " could not be created or migrated: ")
                .hasMessageContaining("ai_self_hosted_models")
                .hasMessageEndingWith(". Give the store a database (or schema) of its own, where the user may create tables");
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM information_schema.columns WHERE table_name = 'ai_self_hosted_models'")) {
            r.next();
            assertThat(r.getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void anUnreachableStoreIsReportedWithItsUrlAndReason() {
        StoreSettings nowhere = StoreSettings.of("jdbc:postgresql://127.0.0.1:1/duo", "duo", null);
        assertThatThrownBy(() -> JdbcSettingsStore.open(nowhere, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Cannot reach the settings store jdbc:postgresql://127.0.0.1:1/duo: Connection to "
                        + "127.0.0.1:1 refused.")
                .hasMessageEndingWith("Check that the database is running and reachable from here, and the url, user and "
                        + "password of duo.yml's store: section. Nothing was read or changed");
    }

    @Test
    void anUnsetPasswordVariableIsNamed() {
        StoreSettings s = StoreSettings.of(db.url, db.user, "${DUO_DB_PASSWORD_NOT_SET_HERE}");
        assertThatThrownBy(() -> JdbcSettingsStore.open(s, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("store.password is ${DUO_DB_PASSWORD_NOT_SET_HERE}, which is not set: export "
                        + "DUO_DB_PASSWORD_NOT_SET_HERE=<the database password> in this process (the store of " + db.url + ")");
    }

    @Test
    void aWrongPasswordSaysSoWithoutEchoingIt() {
        assertThatThrownBy(() -> JdbcSettingsStore.open(settings, Map.of(TestDatabase.PASSWORD_VARIABLE, "not-the-password")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("password authentication failed for user \"" + db.user + "\"")
                .message().doesNotContain("not-the-password");
    }
}
