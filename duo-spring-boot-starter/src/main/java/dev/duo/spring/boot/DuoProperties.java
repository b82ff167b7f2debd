package dev.duo.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code duo.*} properties: where duo.yml is, and the keys of duo.yml itself (which, set here,
 * win over the file's). Unset properties change nothing.
 *
 * <pre>{@code
 * duo.config-file=/etc/duo/duo.yml
 * duo.beta-models-enabled=true
 * duo.features.code_generations.provider=self_hosted
 * duo.features.code_generations.model=Mixtral 8x22b [Fireworks AI]
 * duo.health.probe=false
 * }</pre>
 */
@ConfigurationProperties(prefix = "duo")
public class DuoProperties {

    /** Whether the starter makes a DuoClient at all. */
    private boolean enabled = true;
    /** The duo.yml to read; unset: the usual search (DUO_CONFIG, ./duo.yml, then the class path). */
    private Path configFile;
    /** The beta opt-in for BETA and EXPERIMENT features and BETA families (duo.yml: beta_models_enabled). */
    private Boolean betaModelsEnabled;
    /** Whether self-hosted endpoints are allowed (duo.yml: custom_models_enabled). */
    private Boolean customModelsEnabled;
    /** Endpoints allowed when custom models are off (duo.yml: custom_endpoint_allowlist). */
    private List<String> customEndpointAllowlist;
    /** Users' feature metadata files (duo.yml: feature_metadata). */
    private List<Path> featureMetadata;
    /** Feature settings by feature key or alias (duo.yml: features). */
    private Map<String, Feature> features = new LinkedHashMap<>();
    /** Self-hosted models, added to (or replacing by name) the file's (duo.yml: models). */
    private List<Model> models = new ArrayList<>();
    private final Prompts prompts = new Prompts();
    private final Health health = new Health();
    private final Metrics metrics = new Metrics();
    private final Tracing tracing = new Tracing();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Path getConfigFile() {
        return configFile;
    }

    public void setConfigFile(Path configFile) {
        this.configFile = configFile;
    }

    public Boolean getBetaModelsEnabled() {
        return betaModelsEnabled;
    }

    public void setBetaModelsEnabled(Boolean betaModelsEnabled) {
        this.betaModelsEnabled = betaModelsEnabled;
    }

    public Boolean getCustomModelsEnabled() {
        return customModelsEnabled;
    }

    public void setCustomModelsEnabled(Boolean customModelsEnabled) {
        this.customModelsEnabled = customModelsEnabled;
    }

    public List<String> getCustomEndpointAllowlist() {
        return customEndpointAllowlist;
    }

    public void setCustomEndpointAllowlist(List<String> customEndpointAllowlist) {
        this.customEndpointAllowlist = customEndpointAllowlist;
    }

    public List<Path> getFeatureMetadata() {
        return featureMetadata;
    }

    public void setFeatureMetadata(List<Path> featureMetadata) {
        this.featureMetadata = featureMetadata;
    }

    public Map<String, Feature> getFeatures() {
        return features;
    }

    public void setFeatures(Map<String, Feature> features) {
        this.features = features;
    }

    public List<Model> getModels() {
        return models;
    }

    public void setModels(List<Model> models) {
        this.models = models;
    }

    public Prompts getPrompts() {
        return prompts;
    }

    public Health getHealth() {
        return health;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    public Tracing getTracing() {
        return tracing;
    }

    /** One feature's setting. */
    public static class Feature {
        /** self_hosted, disabled, vendored or unassigned. */
        private String provider;
        /** The model's name, for self_hosted. */
        private String model;

        public String getProvider() {
            return provider;
        }

        public void setProvider(String provider) {
            this.provider = provider;
        }

        public String getModel() {
            return model;
        }

        public void setModel(String model) {
            this.model = model;
        }
    }

    /** One self-hosted model. */
    public static class Model {
        /** The model's name, which feature settings refer to. */
        private String name;
        /** The model family id, such as mixtral or claude_3. */
        private String family;
        /** The identifier: platform prefix and model id, such as fireworks_ai/accounts/fireworks/models/mixtral-8x22b-instruct. */
        private String identifier;
        /** The endpoint, such as http://vllm:8000/v1. */
        private String endpoint;
        /** The name of the environment variable that holds the api key (never the key itself). */
        private String apiKeyEnv;
        /** The AWS region, for Bedrock. */
        private String region;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getFamily() {
            return family;
        }

        public void setFamily(String family) {
            this.family = family;
        }

        public String getIdentifier() {
            return identifier;
        }

        public void setIdentifier(String identifier) {
            this.identifier = identifier;
        }

        public String getEndpoint() {
            return endpoint;
        }

        public void setEndpoint(String endpoint) {
            this.endpoint = endpoint;
        }

        public String getApiKeyEnv() {
            return apiKeyEnv;
        }

        public void setApiKeyEnv(String apiKeyEnv) {
            this.apiKeyEnv = apiKeyEnv;
        }

        public String getRegion() {
            return region;
        }

        public void setRegion(String region) {
            this.region = region;
        }
    }

    /** Prompt definitions. */
    public static class Prompts {
        /** Users' prompt folders, which override the bundled prompts (duo.yml: prompts.directories). */
        private List<Path> directories;

        public List<Path> getDirectories() {
            return directories;
        }

        public void setDirectories(List<Path> directories) {
            this.directories = directories;
        }
    }

    /** The duo health indicator. */
    public static class Health {
        /** Whether the health check also calls each feature's model (a network call per feature). */
        private boolean probe = false;
        /** How long a probe's result is reused before the models are called again. */
        private Duration probeInterval = Duration.ofMinutes(1);

        public boolean isProbe() {
            return probe;
        }

        public void setProbe(boolean probe) {
            this.probe = probe;
        }

        public Duration getProbeInterval() {
            return probeInterval;
        }

        public void setProbeInterval(Duration probeInterval) {
            this.probeInterval = probeInterval;
        }
    }

    /** Micrometer metrics. */
    public static class Metrics {
        /** Whether calls are recorded in the application's MeterRegistry (when duo-micrometer and a registry are present). */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** OpenTelemetry tracing. */
    public static class Tracing {
        /** Whether calls are traced with the application's OpenTelemetry (when duo-opentelemetry and an OpenTelemetry bean are present). */
        private boolean enabled = true;
        /** Whether prompt and answer text are recorded as span events (redacted); off by default. */
        private boolean captureContent = false;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public boolean isCaptureContent() {
            return captureContent;
        }

        public void setCaptureContent(boolean captureContent) {
            this.captureContent = captureContent;
        }
    }
}
