package dev.duo.internal.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The shape of {@code duo.yml}, bound strictly (unknown keys are errors) and written back in this
 * key order. Field names are the file's; {@link ConfigMapper} turns it into a {@code DuoConfig}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"beta_models_enabled", "custom_models_enabled", "models", "features", "prompts",
        "feature_metadata", "custom_endpoint_allowlist", "http", "store", "ai_gateway"})
public final class ConfigFile {
    @JsonProperty("beta_models_enabled") public Boolean betaModelsEnabled;
    @JsonProperty("custom_models_enabled") public Boolean customModelsEnabled;
    @JsonProperty("models") public List<ModelEntry> models;
    @JsonProperty("features") public LinkedHashMap<String, SettingEntry> features;
    @JsonProperty("prompts") public PromptsEntry prompts;
    @JsonProperty("feature_metadata") public List<String> featureMetadata;
    @JsonProperty("custom_endpoint_allowlist") public List<String> customEndpointAllowlist;
    @JsonProperty("http") public HttpEntry http;
    @JsonProperty("store") public StoreEntry store;
    @JsonProperty("ai_gateway") public AiGatewayEntry aiGateway;

    /** One model under {@code models:}; also the shape of the development catalog. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"name", "family", "identifier", "endpoint", "api_key", "region", "params", "timeouts",
            "allow_insecure_endpoint", "api_version", "project", "location", "credentials_file",
            "max_answer_size", "circuit_breaker", "max_concurrent_requests"})
    public static final class ModelEntry {
        @JsonProperty("name") public String name;
        @JsonProperty("family") public String family;
        @JsonProperty("identifier") public String identifier;
        @JsonProperty("endpoint") public String endpoint;
        @JsonProperty("endpoints") public List<String> endpoints;     // replicas of one model
        @JsonProperty("api_key") public String apiKey;
        @JsonProperty("region") public String region;
        @JsonProperty("params") public ParamsEntry params;
        @JsonProperty("timeouts") public TimeoutsEntry timeouts;
        @JsonProperty("allow_insecure_endpoint") public Boolean allowInsecureEndpoint;
        @JsonProperty("api_version") public String apiVersion;
        @JsonProperty("project") public String project;
        @JsonProperty("location") public String location;
        @JsonProperty("credentials_file") public String credentialsFile;
        @JsonProperty("max_answer_size") public String maxAnswerSize;
        @JsonProperty("circuit_breaker") public CircuitBreakerEntry circuitBreaker;
        @JsonProperty("max_concurrent_requests") public Integer maxConcurrentRequests;
    }

    /** A model's {@code circuit_breaker:} (routing). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"enabled", "failure_rate_threshold", "sliding_window", "minimum_calls", "wait_in_open",
            "half_open_calls"})
    public static final class CircuitBreakerEntry {
        @JsonProperty("enabled") public Boolean enabled;
        @JsonProperty("failure_rate_threshold") public Integer failureRateThreshold;
        @JsonProperty("sliding_window") public Integer slidingWindow;
        @JsonProperty("minimum_calls") public Integer minimumCalls;
        @JsonProperty("wait_in_open") public String waitInOpen;
        @JsonProperty("half_open_calls") public Integer halfOpenCalls;
    }

    /** A model's own generation parameters. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class ParamsEntry {
        @JsonProperty("temperature") public Double temperature;
        @JsonProperty("max_tokens") public Integer maxTokens;
        @JsonProperty("top_p") public Double topP;
        @JsonProperty("stop") public List<String> stop;
    }

    /** A model's deadlines, as {@code 500ms}, {@code 30s}, {@code 2m}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"connect", "attempt", "total", "idle"})
    public static final class TimeoutsEntry {
        @JsonProperty("connect") public String connect;
        @JsonProperty("attempt") public String attempt;
        @JsonProperty("total") public String total;
        @JsonProperty("idle") public String idle;
    }

    /** One feature's setting under {@code features:}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"provider", "model", "via", "fallback_models"})
    public static final class SettingEntry {
        @JsonProperty("provider") public String provider;
        @JsonProperty("model") public String model;
        @JsonProperty("via") public String via;
        @JsonProperty("fallback_models") public List<String> fallbackModels;
    }

    /** The {@code ai_gateway:} section: a running GitLab AI gateway. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"url", "token", "timeouts", "allow_insecure_endpoint"})
    public static final class AiGatewayEntry {
        @JsonProperty("url") public String url;
        @JsonProperty("token") public String token;
        @JsonProperty("timeouts") public TimeoutsEntry timeouts;
        @JsonProperty("allow_insecure_endpoint") public Boolean allowInsecureEndpoint;
    }

    /** The {@code prompts:} section. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class PromptsEntry {
        @JsonProperty("directories") public List<String> directories;
        /** Family id to prompt folders, replacing the bundled family table's lookup order. */
        @JsonProperty("lookup") public java.util.LinkedHashMap<String, List<String>> lookup;
    }

    /** The {@code http:} section. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class HttpEntry {
        @JsonProperty("proxy") public String proxy;
        @JsonProperty("truststore") public String truststore;
    }

    /** The {@code store:} section: the shared settings database. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"url", "user", "password", "poll_interval"})
    public static final class StoreEntry {
        @JsonProperty("url") public String url;
        @JsonProperty("user") public String user;
        @JsonProperty("password") public String password;
        @JsonProperty("poll_interval") public String pollInterval;
    }
}
