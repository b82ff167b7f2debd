package dev.duo.spi;

import dev.duo.config.HttpSettings;
import dev.duo.model.Secret;
import dev.duo.model.SelfHostedModel;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a provider needs to build a client for one model: the model, its resolved api key,
 * and the client-wide settings (HTTP proxy and trust store, logging switches, custom-model policy,
 * the environment).
 *
 * <pre>{@code
 * ProviderContext ctx = ProviderContext.builder(model).apiKey(Secret.of("test-key")).build();
 * }</pre>
 */
public final class ProviderContext {

    private final SelfHostedModel model;
    private final Secret apiKey;
    private final HttpSettings http;
    private final Map<String, String> environment;
    private final boolean requestLogging;
    private final boolean wireLogging;
    private final boolean customModelsEnabled;
    private final List<String> customEndpointAllowlist;
    private final java.time.Clock clock;
    private final List<dev.duo.call.CallListener> listeners;

    private ProviderContext(Builder b) {
        this.model = b.model;
        this.apiKey = b.apiKey;
        this.http = b.http;
        this.environment = Map.copyOf(b.environment);
        this.requestLogging = b.requestLogging;
        this.wireLogging = b.wireLogging;
        this.customModelsEnabled = b.customModelsEnabled;
        this.customEndpointAllowlist = List.copyOf(b.customEndpointAllowlist);
        this.clock = b.clock;
        this.listeners = List.copyOf(b.listeners);
    }

    /** A builder for this model, with defaults for the rest. */
    public static Builder builder(SelfHostedModel model) {
        return new Builder(model);
    }

    /** The model to serve. */
    public SelfHostedModel model() {
        return model;
    }

    /** The model's api key, resolved; empty when it has none. */
    public Optional<Secret> apiKey() {
        return Optional.ofNullable(apiKey);
    }

    /** Proxy and trust store. */
    public HttpSettings http() {
        return http;
    }

    /** The environment variables the client was configured with (AWS_REGION ...). */
    public Map<String, String> environment() {
        return environment;
    }

    /** Whether request and response bodies are logged (AIGW_LOGGING__ENABLE_REQUEST_LOGGING). */
    public boolean requestLogging() {
        return requestLogging;
    }

    /** Whether provider wire traffic is logged (AIGW_LOGGING__ENABLE_LITELLM_LOGGING). */
    public boolean wireLogging() {
        return wireLogging;
    }

    /** Whether custom (self-hosted) endpoints are allowed (AIGW_CUSTOM_MODELS__ENABLED). */
    public boolean customModelsEnabled() {
        return customModelsEnabled;
    }

    /** Endpoints allowed when custom models are disabled. */
    public List<String> customEndpointAllowlist() {
        return customEndpointAllowlist;
    }

    /** The client's clock (virtual in tests): replica cooldowns ({@link ReplicaSet}) are measured on it. */
    public java.time.Clock clock() {
        return clock;
    }

    /** The client's listeners, for events that are not one call's ({@link dev.duo.call.ReplicaEvent}). */
    public List<dev.duo.call.CallListener> listeners() {
        return listeners;
    }

    @Override
    public String toString() {
        return "ProviderContext{model=" + model.name() + ", apiKey=" + (apiKey == null ? "none" : apiKey) + '}';
    }

    /** Builds a {@link ProviderContext}. */
    public static final class Builder {
        private final SelfHostedModel model;
        private Secret apiKey;
        private HttpSettings http = HttpSettings.DEFAULTS;
        private Map<String, String> environment = Map.of();
        private boolean requestLogging;
        private boolean wireLogging;
        private boolean customModelsEnabled = true;
        private List<String> customEndpointAllowlist = List.of();
        private java.time.Clock clock = java.time.Clock.systemUTC();
        private List<dev.duo.call.CallListener> listeners = List.of();

        private Builder(SelfHostedModel model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /** The resolved api key, or null. */
        public Builder apiKey(Secret apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** Proxy and trust store. */
        public Builder http(HttpSettings http) {
            this.http = Objects.requireNonNull(http, "http");
            return this;
        }

        /** The environment (copied). */
        public Builder environment(Map<String, String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /** Log bodies. */
        public Builder requestLogging(boolean on) {
            this.requestLogging = on;
            return this;
        }

        /** Log wire traffic. */
        public Builder wireLogging(boolean on) {
            this.wireLogging = on;
            return this;
        }

        /** Allow custom endpoints. */
        public Builder customModelsEnabled(boolean on) {
            this.customModelsEnabled = on;
            return this;
        }

        /** Endpoints allowed when custom models are off. */
        public Builder customEndpointAllowlist(List<String> allowlist) {
            this.customEndpointAllowlist = Objects.requireNonNull(allowlist, "allowlist");
            return this;
        }

        /** The client's clock (default: the system's). */
        public Builder clock(java.time.Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The client's listeners (default: none). */
        public Builder listeners(List<dev.duo.call.CallListener> listeners) {
            this.listeners = Objects.requireNonNull(listeners, "listeners");
            return this;
        }

        /** Builds. */
        public ProviderContext build() {
            return new ProviderContext(this);
        }
    }
}
