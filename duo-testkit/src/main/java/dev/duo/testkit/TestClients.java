package dev.duo.testkit;

import dev.duo.DuoClient;
import dev.duo.config.DuoConfig;
import dev.duo.feature.Feature;
import dev.duo.feature.FeatureRegistry;
import dev.duo.feature.FeatureSetting;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.call.RetryPolicy;
import dev.duo.spi.ModelClient;
import dev.duo.testkit.internal.fake.KnownFeatures;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A {@link DuoClient} wired to a test double: one model, named {@value #MODEL_NAME}, serves every
 * feature, and every call goes to the {@link ModelClient} you give (a {@link FakeModelClient}, a
 * replay ...). The real resolution, prompt rendering and pipeline run; only the provider is fake.
 * The model's family (default {@code claude_3}, GA and compatible with every bundled feature)
 * picks the prompts; the beta opt-in is on by default so BETA features work.
 *
 * <pre>{@code
 * FakeModelClient fake = FakeModelClient.builder().build();
 * fake.whenFeature("generate_commit_message").thenAnswer("Fix typo in README");
 * try (DuoClient duo = TestClients.wiredTo(fake)) {
 *     duo.feature("generate_commit_message").generate(Map.of("diff", diff));
 * }
 * DuoClient mistral = TestClients.builder(fake).family(ModelFamily.MISTRAL).betaModelsEnabled(false).build();
 * }</pre>
 */
public final class TestClients {

    /** The name of the one model the client knows. */
    public static final String MODEL_NAME = "fake";

    /**
     * Retries as the defaults do, but without waiting long: a fault plan's retries take
     * milliseconds, not seconds.
     */
    public static final RetryPolicy FAST_RETRIES = RetryPolicy.DEFAULTS
            .withBackoff(Duration.ofMillis(1), 1.0, Duration.ofMillis(1)).withJitter(0);

    private TestClients() {
    }

    /** A client on {@code client} with the defaults: claude_3, beta on, fast retries. */
    public static DuoClient wiredTo(ModelClient client) {
        return builder(client).build();
    }

    /** A builder of a client on {@code client}. */
    public static Builder builder(ModelClient client) {
        return new Builder(client);
    }

    /**
     * The configuration alone: one model of this family, every bundled feature assigned to it.
     *
     * @param family picks the prompts and must be compatible with the features you call
     * @param betaModelsEnabled the beta opt-in (BETA features and families need it)
     */
    public static DuoConfig config(ModelFamily family, boolean betaModelsEnabled) {
        Objects.requireNonNull(family, "family");
        return config(fakeModel(MODEL_NAME, family).build(), betaModelsEnabled);
    }

    /**
     * The configuration alone, for a stand-in of a real model: one model with {@code like}'s name,
     * family, params and timeouts (not its identifier, endpoint or key: calls go to the test double),
     * every bundled feature assigned to it. Prompts render as they would for the real model.
     */
    public static DuoConfig config(SelfHostedModel like, boolean betaModelsEnabled) {
        Objects.requireNonNull(like, "like");
        SelfHostedModel model = fakeModel(like.name(), like.family()).params(like.params()).timeouts(like.timeouts()).build();
        DuoConfig.Builder b = DuoConfig.builder().model(model).betaModelsEnabled(betaModelsEnabled);
        for (Feature f : FeatureRegistry.bundled().all()) {
            b.feature(f.key(), FeatureSetting.selfHosted(model.name()));
        }
        return b.source("testkit").build();
    }

    private static SelfHostedModel.Builder fakeModel(String name, ModelFamily family) {
        return SelfHostedModel.builder()
                .name(name)
                .family(family)
                // never called: the client given to modelClient(...) serves every model
                .identifier("custom_openai/fake")
                .endpoint(URI.create("http://127.0.0.1:1/v1"));
    }

    /** Builds a {@link DuoClient} on a test double. */
    public static final class Builder {
        private final ModelClient client;
        private ModelFamily family = ModelFamily.CLAUDE_3;
        private SelfHostedModel like;
        private boolean beta = true;
        private RetryPolicy retryPolicy = FAST_RETRIES;
        private UnaryOperator<DuoConfig.Builder> change = UnaryOperator.identity();

        private Builder(ModelClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /** The model's family (default {@code claude_3}). */
        public Builder family(ModelFamily family) {
            this.family = Objects.requireNonNull(family, "family");
            return this;
        }

        /**
         * Stands in for this real model instead of a {@link #family(ModelFamily)}: its name, family,
         * params and timeouts shape the requests (as record and replay need), its endpoint and key
         * are never used.
         */
        public Builder standInFor(SelfHostedModel model) {
            this.like = Objects.requireNonNull(model, "model");
            return this;
        }

        /** The beta opt-in (default on). */
        public Builder betaModelsEnabled(boolean on) {
            this.beta = on;
            return this;
        }

        /** How faults are retried (default {@link #FAST_RETRIES}; {@link RetryPolicy#NONE} for none). */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** A change to the configuration, such as your own prompt directory or feature metadata. */
        public Builder configure(UnaryOperator<DuoConfig.Builder> change) {
            this.change = Objects.requireNonNull(change, "change");
            return this;
        }

        /**
         * Builds; the caller closes the client, and keeps ownership of the model client. A test
         * double that is a {@link CallLog} learns the client's features, so that it resolves their
         * keys and aliases (the user's own features included).
         */
        public DuoClient build() {
            DuoClient duo = DuoClient.builder()
                    .config(like != null ? config(like, beta) : config(family, beta))
                    .configure(change)
                    .environment(Map.of())
                    .modelClient(client)
                    .retryPolicy(retryPolicy)
                    .build();
            // weakly: the map's values must not keep the client (and through it the double) alive
            java.lang.ref.WeakReference<DuoClient> ref = new java.lang.ref.WeakReference<>(duo);
            KnownFeatures.wire(client, () -> {
                DuoClient d = ref.get();
                return d != null ? d.features() : FeatureRegistry.bundled();
            });
            return duo;
        }
    }
}
