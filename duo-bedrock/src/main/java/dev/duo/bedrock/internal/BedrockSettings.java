package dev.duo.bedrock.internal;

import dev.duo.InvalidConfigException;
import dev.duo.config.HttpSettings;
import dev.duo.model.SelfHostedModel;
import dev.duo.model.Timeouts;
import dev.duo.spi.ProviderContext;
import java.net.URI;
import java.util.Map;

/**
 * Everything one Bedrock model's calls need, resolved once from its {@link ProviderContext}:
 * region (the model's, else {@code AWS_REGION}, else us-east-1), endpoint override (the model's,
 * else {@code AWS_BEDROCK_RUNTIME_ENDPOINT}), authentication, deadlines and logging switches.
 *
 * @param modelId the Bedrock model id or inference profile sent on the wire
 * @param modelName the model's name in the registry, for messages
 * @param key what selects the shared SDK client
 * @param maxAnswerBytes the most a streamed answer may carry (the model's max_answer_size)
 */
public record BedrockSettings(String modelId, String modelName, ClientKey key, long maxAnswerBytes) {

    /** With the default answer limit. */
    public BedrockSettings(String modelId, String modelName, ClientKey key) {
        this(modelId, modelName, key, SelfHostedModel.DEFAULT_MAX_ANSWER_BYTES);
    }

    /** The region used when neither the model nor AWS_REGION names one. */
    public static final String DEFAULT_REGION = "us-east-1";
    /** The environment variable overriding the runtime endpoint (a VPC endpoint, a fake). */
    public static final String ENDPOINT_VARIABLE = "AWS_BEDROCK_RUNTIME_ENDPOINT";

    /**
     * What selects one shared pair of SDK clients: two models with equal keys share them.
     *
     * @param region the AWS region
     * @param endpoint the endpoint override, or null for the regional Bedrock endpoint
     * @param auth how calls authenticate
     * @param timeouts the deadlines (connect and socket timeouts live in the HTTP clients)
     * @param http proxy and trust store
     * @param wireLogging log request lines and redacted headers
     * @param requestLogging log bodies at DEBUG
     */
    public record ClientKey(String region, URI endpoint, AwsAuth auth, Timeouts timeouts, HttpSettings http,
            boolean wireLogging, boolean requestLogging) {
    }

    /**
     * Resolves a model's settings.
     *
     * @throws dev.duo.ConfigurationException when the credentials are half set, or a bearer token would
     *     travel over plain HTTP to a non-loopback host
     */
    public static BedrockSettings resolve(ProviderContext ctx) {
        SelfHostedModel model = ctx.model();
        Map<String, String> env = ctx.environment();
        String region = model.region().filter(r -> !r.isBlank())
                .orElseGet(() -> nonBlank(env.get("AWS_REGION"), DEFAULT_REGION));
        URI endpoint = model.effectiveEndpoint().orElse(null);
        String fromEnv = env.get(ENDPOINT_VARIABLE);
        if (endpoint == null && fromEnv != null && !fromEnv.isBlank()) {
            try {
                endpoint = URI.create(fromEnv.trim());
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException(ENDPOINT_VARIABLE + " is not a URL: '" + fromEnv.trim()
                        + "'; use one such as https://vpce-123.bedrock-runtime.us-east-1.vpce.amazonaws.com");
            }
            if (endpoint.getScheme() == null || endpoint.getHost() == null) {
                throw new InvalidConfigException(ENDPOINT_VARIABLE + " is not an http(s) URL: '" + fromEnv.trim() + "'");
            }
        }
        AwsAuth auth = AwsAuth.fromEnvironment(env, model.name());
        if (endpoint != null && dev.duo.spi.EndpointRules.hasUserInfo(endpoint)) {
            throw new InvalidConfigException("Bedrock model '" + model.name() + "' has credentials (user:password@) in"
                    + " its endpoint " + dev.duo.spi.EndpointRules.display(endpoint) + ": remove them from the URL");
        }
        if (endpoint != null && auth.kind() == AwsAuth.Kind.BEARER && !model.allowInsecureEndpoint()) {
            // SigV4 never sends the secret itself, but a bearer token would travel in clear text.
            URI checked = endpoint;
            dev.duo.spi.EndpointRules.cleartextHop(endpoint, ctx.http()).ifPresent(hop -> {
                throw new InvalidConfigException("Bedrock model '" + model.name() + "' would send its API key ("
                        + AwsAuth.BEARER_TOKEN_VARIABLE + ") over " + hop + " to " + checked.getHost()
                        + ": use an https endpoint, or set"
                        + " allow_insecure_endpoint: true on the model");
            });
        }
        if (endpoint != null && !ctx.customModelsEnabled() && !isAws(endpoint)
                && !onAllowlist(endpoint, ctx.customEndpointAllowlist())) {
            throw new InvalidConfigException("custom models are disabled (custom_models_enabled: false), so Bedrock model '"
                    + model.name() + "' may not call " + dev.duo.spi.EndpointRules.display(endpoint)
                    + ": add it to custom_endpoint_allowlist, set"
                    + " custom_models_enabled: true, or remove the endpoint override to use AWS's regional endpoint");
        }
        ClientKey key = new ClientKey(region, endpoint, auth, model.timeouts(), ctx.http(), ctx.wireLogging(),
                ctx.requestLogging());
        return new BedrockSettings(model.identifier().modelId(), model.name(), key, model.maxAnswerBytes());
    }

    // AWS's own endpoints (regional, FIPS, VPC interface endpoints) are not custom endpoints.
    private static boolean isAws(URI endpoint) {
        String host = endpoint.getHost().toLowerCase(java.util.Locale.ROOT);
        return "https".equalsIgnoreCase(endpoint.getScheme())
                && (host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn"));
    }

    /** An allowlist entry is a URL (origin and path prefix, after normalisation) or a bare {@code host} / {@code host:port}. */
    static boolean onAllowlist(URI endpoint, java.util.List<String> allowlist) {
        return dev.duo.spi.EndpointRules.onAllowlist(endpoint, allowlist);
    }

    private static String nonBlank(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    static boolean isLoopback(String host) {
        return dev.duo.spi.EndpointRules.isLoopback(host);
    }
}
