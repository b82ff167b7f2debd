package dev.duo.bedrock.internal;

import dev.duo.InvalidConfigException;
import dev.duo.config.HttpSettings;
import dev.duo.model.SelfHostedModel;
import dev.duo.model.Timeouts;
import dev.duo.spi.ProviderContext;
import java.net.InetAddress;
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
 */
public record BedrockSettings(String modelId, String modelName, ClientKey key) {

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
        if (endpoint != null && auth.kind() == AwsAuth.Kind.BEARER && "http".equalsIgnoreCase(endpoint.getScheme())
                && !isLoopback(endpoint.getHost()) && !model.allowInsecureEndpoint()) {
            // SigV4 never sends the secret itself, but a bearer token would travel in clear text.
            throw new InvalidConfigException("Bedrock model '" + model.name() + "' would send its API key ("
                    + AwsAuth.BEARER_TOKEN_VARIABLE + ") over plain HTTP to " + endpoint.getHost()
                    + ": use an https endpoint, or set allow_insecure_endpoint: true on the model");
        }
        if (endpoint != null && !ctx.customModelsEnabled() && !isAws(endpoint)
                && !onAllowlist(endpoint, ctx.customEndpointAllowlist())) {
            throw new InvalidConfigException("custom models are disabled (custom_models_enabled: false), so Bedrock model '"
                    + model.name() + "' may not call " + endpoint + ": add it to custom_endpoint_allowlist, set"
                    + " custom_models_enabled: true, or remove the endpoint override to use AWS's regional endpoint");
        }
        ClientKey key = new ClientKey(region, endpoint, auth, model.timeouts(), ctx.http(), ctx.wireLogging(),
                ctx.requestLogging());
        return new BedrockSettings(model.identifier().modelId(), model.name(), key);
    }

    // AWS's own endpoints (regional, FIPS, VPC interface endpoints) are not custom endpoints.
    private static boolean isAws(URI endpoint) {
        String host = endpoint.getHost().toLowerCase(java.util.Locale.ROOT);
        return "https".equalsIgnoreCase(endpoint.getScheme())
                && (host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn"));
    }

    /** An allowlist entry is a URL (same scheme, host and port) or a bare {@code host} / {@code host:port}. */
    static boolean onAllowlist(URI endpoint, java.util.List<String> allowlist) {
        String host = endpoint.getHost().toLowerCase(java.util.Locale.ROOT);
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : "https".equalsIgnoreCase(endpoint.getScheme()) ? 443 : 80;
        for (String raw : allowlist) {
            String entry = raw.trim().toLowerCase(java.util.Locale.ROOT);
            if (entry.contains("://")) {
                URI allowed;
                try {
                    allowed = URI.create(entry);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                int allowedPort = allowed.getPort() > 0 ? allowed.getPort() : "https".equals(allowed.getScheme()) ? 443 : 80;
                if (endpoint.getScheme().equalsIgnoreCase(allowed.getScheme()) && host.equals(allowed.getHost())
                        && port == allowedPort) {
                    return true;
                }
            } else if (entry.equals(host) || entry.equals(host + ":" + port)) {
                return true;
            }
        }
        return false;
    }

    private static String nonBlank(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Only literal addresses are checked: resolving a name here could block on DNS.
        if (host.matches("[0-9.]+") || host.contains(":")) {
            try {
                return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        return false;
    }
}
