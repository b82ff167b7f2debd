package dev.duo.model;

import dev.duo.ModelParams;
import dev.duo.feature.ReleaseState;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A self-hosted model in the registry: a named deployment of a model family on a platform.
 *
 * <pre>{@code
 * SelfHostedModel m = SelfHostedModel.builder()
 *         .name("Mixtral 8x22b [Fireworks AI]")
 *         .family(ModelFamily.MIXTRAL)
 *         .identifier("fireworks_ai/accounts/fireworks/models/mixtral-8x22b-instruct")
 *         .apiKey(ApiKey.fromEnv("FIREWORKS_AI_API_KEY"))
 *         .build();
 * }</pre>
 */
public final class SelfHostedModel {

    /** Where Fireworks AI serves its OpenAI-compatible API. */
    public static final URI FIREWORKS_ENDPOINT = URI.create("https://api.fireworks.ai/inference/v1");
    /** The default of {@link #maxAnswerBytes()}: 8 MiB, far above any model's real answer. */
    public static final long DEFAULT_MAX_ANSWER_BYTES = 8L * 1024 * 1024;
    /** Where OpenAI serves its API. */
    public static final URI OPENAI_ENDPOINT = URI.create("https://api.openai.com/v1");

    private final String name;
    private final ModelFamily family;
    private final ModelIdentifier identifier;
    private final URI endpoint;
    private final List<URI> replicas;     // the endpoints list; empty when not given
    private final ApiKey apiKey;
    private final ModelParams params;
    private final Timeouts timeouts;
    private final String region;
    private final boolean allowInsecureEndpoint;
    private final String apiVersion;
    private final String project;
    private final String credentialsFile;
    private final long maxAnswerBytes;
    private final CircuitBreakerSettings circuitBreaker;
    private final int maxConcurrentRequests;

    private SelfHostedModel(Builder b) {
        this.name = b.name;
        this.family = b.family;
        this.identifier = b.identifier;
        this.endpoint = b.endpoint;
        this.replicas = b.replicas == null ? List.of() : List.copyOf(b.replicas);
        this.apiKey = b.apiKey;
        this.params = b.params;
        this.timeouts = b.timeouts;
        this.region = b.region;
        this.allowInsecureEndpoint = b.allowInsecureEndpoint;
        this.apiVersion = b.apiVersion;
        this.project = b.project;
        this.credentialsFile = b.credentialsFile;
        this.maxAnswerBytes = b.maxAnswerBytes;
        this.circuitBreaker = b.circuitBreaker;
        this.maxConcurrentRequests = b.maxConcurrentRequests;
    }

    /** An empty builder; name, family and identifier are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.family = family;
        b.identifier = identifier;
        b.endpoint = endpoint;
        b.replicas = replicas.isEmpty() ? null : replicas;
        b.apiKey = apiKey;
        b.params = params;
        b.timeouts = timeouts;
        b.region = region;
        b.allowInsecureEndpoint = allowInsecureEndpoint;
        b.apiVersion = apiVersion;
        b.project = project;
        b.credentialsFile = credentialsFile;
        b.maxAnswerBytes = maxAnswerBytes;
        b.circuitBreaker = circuitBreaker;
        b.maxConcurrentRequests = maxConcurrentRequests;
        return b;
    }

    /** The unique name, such as {@code Mixtral 8x22b [Fireworks AI]}. */
    public String name() {
        return name;
    }

    /** The model family. */
    public ModelFamily family() {
        return family;
    }

    /** The identifier, split into platform and model id. */
    public ModelIdentifier identifier() {
        return identifier;
    }

    /** The platform id that serves it, such as {@code fireworks_ai}. */
    public String platform() {
        return identifier.platform();
    }

    /**
     * The endpoint as configured; empty when the platform's default is used. With replicas
     * ({@code endpoints:}), the first of them: code that can call only one server calls that one.
     */
    public Optional<URI> endpoint() {
        return endpoint != null ? Optional.of(endpoint) : replicas.stream().findFirst();
    }

    /**
     * The replicas calls are spread over ({@code endpoints: [url, ...]}, in the file's order); empty
     * when the model has a single {@code endpoint} or the platform's default.
     */
    public List<URI> replicas() {
        return replicas;
    }

    /** Every URL this model's calls may go to: its replicas, else its one effective endpoint, else none. */
    public List<URI> effectiveEndpoints() {
        return !replicas.isEmpty() ? replicas : effectiveEndpoint().map(List::of).orElse(List.of());
    }

    /** The endpoint calls go to: the configured one, else the platform's public one. */
    public Optional<URI> effectiveEndpoint() {
        if (endpoint != null || !replicas.isEmpty()) {
            return endpoint();
        }
        return switch (identifier.platform()) {
            case ModelIdentifier.FIREWORKS_AI -> Optional.of(FIREWORKS_ENDPOINT);
            case ModelIdentifier.OPENAI -> Optional.of(OPENAI_ENDPOINT);
            default -> Optional.empty();
        };
    }

    /** Where the api key comes from; empty for models that need none (or use AWS credentials). */
    public Optional<ApiKey> apiKey() {
        return Optional.ofNullable(apiKey);
    }

    /** The model's own parameters (between the prompt's and the call's). */
    public ModelParams params() {
        return params;
    }

    /** The model's deadlines. */
    public Timeouts timeouts() {
        return timeouts;
    }

    /** The AWS region (Bedrock) or the Google Cloud region (Vertex AI, {@code location}); empty for the default. */
    public Optional<String> region() {
        return Optional.ofNullable(region);
    }

    /** The Azure OpenAI {@code api-version} (such as {@code 2024-10-21}, or {@code v1}); empty for the provider's default. */
    public Optional<String> apiVersion() {
        return Optional.ofNullable(apiVersion);
    }

    /** The Google Cloud project (Vertex AI); empty when not set. */
    public Optional<String> project() {
        return Optional.ofNullable(project);
    }

    /** A credentials file for the provider (Vertex AI: a service-account JSON); empty for the provider's default chain. */
    public Optional<String> credentialsFile() {
        return Optional.ofNullable(credentialsFile);
    }

    /** Whether an api key may go over plain HTTP to a non-loopback host. */
    public boolean allowInsecureEndpoint() {
        return allowInsecureEndpoint;
    }

    /**
     * The most this model's answer may be, whole or streamed, in bytes as received
     * ({@code max_answer_size}, default {@link #DEFAULT_MAX_ANSWER_BYTES}): a larger one ends the
     * call with a non-retryable {@code InvalidResponseException}, so a server that never stops
     * cannot fill the heap.
     */
    public long maxAnswerBytes() {
        return maxAnswerBytes;
    }

    /** The model's circuit breaker ({@code circuit_breaker:}); {@link CircuitBreakerSettings#DEFAULTS} unless written. */
    public CircuitBreakerSettings circuitBreaker() {
        return circuitBreaker;
    }

    /**
     * The most requests this client sends the model at once ({@code max_concurrent_requests}); 0 for
     * no bound (the default). Callers over the bound wait, within their deadline, for a free slot.
     */
    public int maxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    /** The release state, which is the family's. */
    public ReleaseState releaseState() {
        return family.releaseState();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SelfHostedModel m && name.equals(m.name) && family == m.family
                && identifier.equals(m.identifier) && Objects.equals(endpoint, m.endpoint) && replicas.equals(m.replicas)
                && Objects.equals(apiKey, m.apiKey) && params.equals(m.params) && timeouts.equals(m.timeouts)
                && Objects.equals(region, m.region) && allowInsecureEndpoint == m.allowInsecureEndpoint
                && Objects.equals(apiVersion, m.apiVersion) && Objects.equals(project, m.project)
                && Objects.equals(credentialsFile, m.credentialsFile)
                && maxAnswerBytes == m.maxAnswerBytes
                && circuitBreaker.equals(m.circuitBreaker) && maxConcurrentRequests == m.maxConcurrentRequests;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, family, identifier, endpoint, replicas, apiKey, params, timeouts, region, apiVersion, project,
                credentialsFile);
    }

    @Override
    public String toString() {
        return "SelfHostedModel{name=" + name + ", family=" + family.id() + ", identifier=" + identifier
                + (endpoint == null ? "" : ", endpoint=" + endpoint)
                + (replicas.isEmpty() ? "" : ", endpoints=" + replicas)
                + (apiKey == null ? "" : ", apiKey=" + apiKey.reference())
                + (region == null ? "" : ", region=" + region)
                + (apiVersion == null ? "" : ", apiVersion=" + apiVersion)
                + (project == null ? "" : ", project=" + project) + '}';
    }

    /** Builds a {@link SelfHostedModel}; {@link #build()} validates. */
    public static final class Builder {
        private String name;
        private ModelFamily family;
        private ModelIdentifier identifier;
        private URI endpoint;
        private List<URI> replicas;
        private ApiKey apiKey;
        private ModelParams params = ModelParams.NONE;
        private Timeouts timeouts = Timeouts.DEFAULTS;
        private String region;
        private boolean allowInsecureEndpoint;
        private String apiVersion;
        private String project;
        private String credentialsFile;
        private long maxAnswerBytes = DEFAULT_MAX_ANSWER_BYTES;
        private CircuitBreakerSettings circuitBreaker = CircuitBreakerSettings.DEFAULTS;
        private int maxConcurrentRequests;

        private Builder() {
        }

        /** The unique name. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The family. */
        public Builder family(ModelFamily family) {
            this.family = family;
            return this;
        }

        /** The identifier, parsed by {@link ModelIdentifier#parse}. */
        public Builder identifier(String identifier) {
            this.identifier = ModelIdentifier.parse(identifier);
            return this;
        }

        /** The endpoint, such as {@code http://vllm.internal:8000/v1}; null for the platform default. */
        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /**
         * Replicas of the model ({@code endpoints: [url, ...]}): several servers of the same model
         * that calls are spread over; null for none. Not together with {@link #endpoint}.
         */
        public Builder endpoints(List<URI> endpoints) {
            this.replicas = endpoints == null ? null : new java.util.ArrayList<>(endpoints);
            return this;
        }

        /** Where the api key comes from, or null. */
        public Builder apiKey(ApiKey apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** The model's parameters. */
        public Builder params(ModelParams params) {
            this.params = Objects.requireNonNull(params, "params");
            return this;
        }

        /** The model's deadlines. */
        public Builder timeouts(Timeouts timeouts) {
            this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
            return this;
        }

        /** The AWS region (Bedrock) or Google Cloud region (Vertex AI), or null for the default. */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** The Azure OpenAI api-version, or null for the provider's default. */
        public Builder apiVersion(String apiVersion) {
            this.apiVersion = apiVersion;
            return this;
        }

        /** The Google Cloud project (Vertex AI), or null. */
        public Builder project(String project) {
            this.project = project;
            return this;
        }

        /** A credentials file (Vertex AI: a service-account JSON), or null for the default chain. */
        public Builder credentialsFile(String credentialsFile) {
            this.credentialsFile = credentialsFile;
            return this;
        }

        /** Allow the api key over plain HTTP to a non-loopback host. */
        public Builder allowInsecureEndpoint(boolean allow) {
            this.allowInsecureEndpoint = allow;
            return this;
        }

        /** The most an answer may be, in bytes ({@link SelfHostedModel#maxAnswerBytes()}). */
        public Builder maxAnswerBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("max_answer_size must be at least 1KiB, not " + bytes + " bytes");
            }
            this.maxAnswerBytes = bytes;
            return this;
        }

        /** The model's circuit breaker settings. */
        public Builder circuitBreaker(CircuitBreakerSettings settings) {
            this.circuitBreaker = Objects.requireNonNull(settings, "circuitBreaker");
            return this;
        }

        /**
         * The most requests sent to the model at once; 0 for no bound.
         *
         * @throws IllegalArgumentException for a negative bound
         */
        public Builder maxConcurrentRequests(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("max_concurrent_requests is " + max
                        + ": set a positive bound such as 16, or leave it out for no bound");
            }
            this.maxConcurrentRequests = max;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException naming the field that is missing or wrong
         */
        public SelfHostedModel build() {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a model needs a name");
            }
            if (family == null) {
                throw new IllegalArgumentException("model '" + name + "' needs a family: one of " + ModelFamily.allIds());
            }
            if (identifier == null) {
                throw new IllegalArgumentException("model '" + name + "' needs an identifier, such as fireworks_ai/<model id>");
            }
            if (replicas != null) {
                Replicas.check(name, endpoint, replicas);
            }
            if (endpoint != null) {
                if (dev.duo.spi.EndpointRules.hasUserInfo(endpoint)) {
                    // Refused rather than used: user info would be printed wherever the URL is, and
                    // no OpenAI-compatible server or Bedrock reads a key from it.
                    throw new IllegalArgumentException("model '" + name + "' has credentials (user:password@) in its"
                            + " endpoint " + dev.duo.spi.EndpointRules.display(endpoint) + ": remove them from the URL"
                            + " and give the key as api_key: ${YOUR_KEY_VARIABLE}");
                }
                String scheme = endpoint.getScheme();
                if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || endpoint.getHost() == null) {
                    throw new IllegalArgumentException("model '" + name + "' has endpoint '"
                            + dev.duo.spi.EndpointRules.display(endpoint)
                            + "', which is not an http(s) URL such as https://host:8000/v1");
                }
            }
            String platform = identifier.platform();
            if (replicas != null) {
                Replicas.checkPlatform(name, identifier);
            }
            if (endpoint == null && replicas == null && platform.equals(ModelIdentifier.AZURE)) {
                throw new IllegalArgumentException("model '" + name + "' is an Azure OpenAI deployment (" + identifier
                        + "), so it needs an endpoint: its resource's URL, such as https://my-resource.openai.azure.com");
            }
            if (endpoint == null && replicas == null && platform.equals(ModelIdentifier.CUSTOM_OPENAI)) {
                throw new IllegalArgumentException("model '" + name + "' is served by an OpenAI-compatible server ("
                        + identifier + "), so it needs an endpoint, such as http://localhost:8000/v1");
            }
            return new SelfHostedModel(this);
        }
    }
}
