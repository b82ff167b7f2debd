package dev.duo.config;

import dev.duo.admin.DuoConfigLoader;
import dev.duo.feature.FeatureSetting;
import dev.duo.model.ModelRegistry;
import dev.duo.model.SelfHostedModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One immutable snapshot of the configuration: what {@code duo.yml}, the environment and the
 * builder say, layered in that order. A change makes a new snapshot; a client swaps snapshots
 * atomically, so calls in flight finish on the one they started with.
 *
 * <pre>{@code
 * DuoConfig config = DuoConfig.load();                         // DUO_CONFIG, ./duo.yml, classpath
 * DuoConfig mine = config.toBuilder().betaModelsEnabled(true).build();
 * }</pre>
 */
public final class DuoConfig {

    private final boolean betaModelsEnabled;
    private final boolean customModelsEnabled;
    private final ModelRegistry models;
    private final Map<String, FeatureSetting> features;
    private final List<Path> promptDirectories;
    private final Map<dev.duo.model.ModelFamily, List<String>> promptLookup;
    private final List<Path> featureMetadata;
    private final List<String> customEndpointAllowlist;
    private final HttpSettings http;
    private final boolean requestLogging;
    private final boolean wireLogging;
    private final String source;
    private final StoreSettings store;
    private final AiGatewaySettings aiGateway;

    private DuoConfig(Builder b) {
        this.betaModelsEnabled = b.betaModelsEnabled;
        this.customModelsEnabled = b.customModelsEnabled;
        this.models = ModelRegistry.of(b.models);
        this.features = Collections.unmodifiableMap(new LinkedHashMap<>(b.features));
        this.promptDirectories = List.copyOf(b.promptDirectories);
        this.promptLookup = Collections.unmodifiableMap(new LinkedHashMap<>(b.promptLookup));
        this.featureMetadata = List.copyOf(b.featureMetadata);
        this.customEndpointAllowlist = List.copyOf(b.customEndpointAllowlist);
        this.http = b.http;
        this.requestLogging = b.requestLogging;
        this.wireLogging = b.wireLogging;
        this.source = b.source;
        this.store = b.store;
        this.aiGateway = b.aiGateway;
    }

    /** The empty configuration: no model, every feature unassigned, custom models on. */
    public static DuoConfig empty() {
        return builder().build();
    }

    /**
     * Loads the configuration as the CLI and {@code DuoClient.forFeature} do: {@code DUO_CONFIG},
     * else {@code ./duo.yml}, else {@code duo.yml} on the classpath, else empty; then the
     * environment variables.
     *
     * @throws dev.duo.InvalidConfigException naming the file and line of a malformed or unknown entry
     */
    public static DuoConfig load() {
        return DuoConfigLoader.load(null, System.getenv(), Path.of(""));
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this snapshot's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.betaModelsEnabled = betaModelsEnabled;
        b.customModelsEnabled = customModelsEnabled;
        b.models = new ArrayList<>(models.all());
        b.features = new LinkedHashMap<>(features);
        b.promptDirectories = new ArrayList<>(promptDirectories);
        b.promptLookup = new LinkedHashMap<>(promptLookup);
        b.featureMetadata = new ArrayList<>(featureMetadata);
        b.customEndpointAllowlist = new ArrayList<>(customEndpointAllowlist);
        b.http = http;
        b.requestLogging = requestLogging;
        b.wireLogging = wireLogging;
        b.source = source;
        b.store = store;
        b.aiGateway = aiGateway;
        return b;
    }

    /** The beta opt-in: BETA/EXPERIMENT features and BETA families usable. */
    public boolean betaModelsEnabled() {
        return betaModelsEnabled;
    }

    /** Whether custom (self-hosted) endpoints are allowed (AIGW_CUSTOM_MODELS__ENABLED). */
    public boolean customModelsEnabled() {
        return customModelsEnabled;
    }

    /** The self-hosted models. */
    public ModelRegistry models() {
        return models;
    }

    /** Feature settings by the key written (a key or an alias), in file order. */
    public Map<String, FeatureSetting> features() {
        return features;
    }

    /** User prompt directories, which override bundled prompts. */
    public List<Path> promptDirectories() {
        return promptDirectories;
    }

    /**
     * duo.yml's {@code prompts.lookup}: prompt folders per family that replace the bundled family
     * table's order (empty: the bundled order for every family).
     */
    public Map<dev.duo.model.ModelFamily, List<String>> promptLookup() {
        return promptLookup;
    }

    /** Users' own feature metadata files. */
    public List<Path> featureMetadata() {
        return featureMetadata;
    }

    /** Endpoints allowed when custom models are disabled. */
    public List<String> customEndpointAllowlist() {
        return customEndpointAllowlist;
    }

    /** Proxy and trust store. */
    public HttpSettings http() {
        return http;
    }

    /** Whether request and response bodies are logged (AIGW_LOGGING__ENABLE_REQUEST_LOGGING). */
    public boolean requestLogging() {
        return requestLogging;
    }

    /** Whether provider wire traffic is logged (AIGW_LOGGING__ENABLE_LITELLM_LOGGING). */
    public boolean wireLogging() {
        return wireLogging;
    }

    /** The running AI gateway that serves vendored and {@code via: ai_gateway} features; empty when none is set. */
    public Optional<AiGatewaySettings> aiGateway() {
        return Optional.ofNullable(aiGateway);
    }

    /** Where the file part came from (a path or {@code classpath:duo.yml}); empty when no file was read. */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    /** The shared settings store the file names ({@code store:}), which then holds models and settings. */
    public Optional<StoreSettings> store() {
        return Optional.ofNullable(store);
    }

    @Override
    public String toString() {
        return "DuoConfig{source=" + source + (store == null ? "" : ", store=" + store.url()) + ", models=" + models.names() + ", features=" + features
                + ", betaModelsEnabled=" + betaModelsEnabled + ", customModelsEnabled=" + customModelsEnabled + '}';
    }

    /** Builds a {@link DuoConfig}. */
    public static final class Builder {
        private boolean betaModelsEnabled;
        private boolean customModelsEnabled = true;
        private List<SelfHostedModel> models = new ArrayList<>();
        private Map<String, FeatureSetting> features = new LinkedHashMap<>();
        private List<Path> promptDirectories = new ArrayList<>();
        private Map<dev.duo.model.ModelFamily, List<String>> promptLookup = new LinkedHashMap<>();
        private List<Path> featureMetadata = new ArrayList<>();
        private List<String> customEndpointAllowlist = new ArrayList<>();
        private HttpSettings http = HttpSettings.DEFAULTS;
        private boolean requestLogging;
        private boolean wireLogging;
        private String source;
        private StoreSettings store;
        private AiGatewaySettings aiGateway;

        private Builder() {
        }

        /** The beta opt-in. */
        public Builder betaModelsEnabled(boolean on) {
            this.betaModelsEnabled = on;
            return this;
        }

        /** Allow custom endpoints. */
        public Builder customModelsEnabled(boolean on) {
            this.customModelsEnabled = on;
            return this;
        }

        /** Adds (or replaces, by name) a model. */
        public Builder model(SelfHostedModel model) {
            Objects.requireNonNull(model, "model");
            models.removeIf(m -> m.name().equals(model.name()));
            models.add(model);
            return this;
        }

        /** Replaces every model. */
        public Builder models(List<SelfHostedModel> all) {
            this.models = new ArrayList<>(all);
            return this;
        }

        /** Removes a model by name (its feature settings stay; see {@code FeatureSettings}). */
        public Builder removeModel(String name) {
            models.removeIf(m -> m.name().equals(name));
            return this;
        }

        /** Sets one feature's setting (key or alias). */
        public Builder feature(String feature, FeatureSetting setting) {
            features.put(Objects.requireNonNull(feature, "feature"), Objects.requireNonNull(setting, "setting"));
            return this;
        }

        /** Replaces every feature setting. */
        public Builder features(Map<String, FeatureSetting> all) {
            this.features = new LinkedHashMap<>(all);
            return this;
        }

        /** Adds a user prompt directory. */
        public Builder promptDirectory(Path dir) {
            promptDirectories.add(Objects.requireNonNull(dir, "dir"));
            return this;
        }

        /** Replaces the user prompt directories. */
        public Builder promptDirectories(List<Path> dirs) {
            this.promptDirectories = new ArrayList<>(dirs);
            return this;
        }

        /**
         * Replaces one family's prompt lookup order, such as {@code [claude_3, base]}.
         *
         * @throws IllegalArgumentException when the order is empty, does not end with {@code base},
         *     or names something that is not a folder name
         */
        public Builder promptLookup(dev.duo.model.ModelFamily family, List<String> folders) {
            Objects.requireNonNull(family, "family");
            promptLookup.put(family, dev.duo.internal.model.FamilyTable.checkLookupOrder(family.id(), folders));
            return this;
        }

        /** Adds a user feature metadata file. */
        public Builder featureMetadata(Path file) {
            featureMetadata.add(Objects.requireNonNull(file, "file"));
            return this;
        }

        /** Replaces the user feature metadata files. */
        public Builder featureMetadataFiles(List<Path> files) {
            this.featureMetadata = new ArrayList<>(files);
            return this;
        }

        /** Endpoints allowed when custom models are off. */
        public Builder customEndpointAllowlist(List<String> allowlist) {
            this.customEndpointAllowlist = new ArrayList<>(allowlist);
            return this;
        }

        /** Proxy and trust store. */
        public Builder http(HttpSettings http) {
            this.http = Objects.requireNonNull(http, "http");
            return this;
        }

        /** Log bodies. */
        public Builder requestLogging(boolean on) {
            this.requestLogging = on;
            return this;
        }

        /** Log provider wire traffic. */
        public Builder wireLogging(boolean on) {
            this.wireLogging = on;
            return this;
        }

        /** The AI gateway that serves vendored and {@code via: ai_gateway} features, or null for none. */
        public Builder aiGateway(AiGatewaySettings gateway) {
            this.aiGateway = gateway;
            return this;
        }

        /** Where the file part came from, or null. */
        public Builder source(String source) {
            this.source = source;
            return this;
        }

        /** The shared settings store, or null for none. */
        public Builder store(StoreSettings store) {
            this.store = store;
            return this;
        }

        /**
         * Builds.
         *
         * @throws IllegalArgumentException when two models share a name
         */
        public DuoConfig build() {
            return new DuoConfig(this);
        }
    }
}
