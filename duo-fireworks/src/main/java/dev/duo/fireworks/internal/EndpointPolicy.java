package dev.duo.fireworks.internal;

import dev.duo.ConfigurationException;
import dev.duo.model.SelfHostedModel;
import dev.duo.spi.EndpointRules;
import dev.duo.spi.ProviderContext;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a model's endpoint may be called, before any request is made: the api key goes
 * only over HTTPS or to a loopback address (unless the model says {@code allow_insecure_endpoint}),
 * and with custom models disabled only the platforms' public endpoints and the allowlist are
 * reachable, as the AI gateway does.
 */
public final class EndpointPolicy {

    /** The public endpoints that need no allowlist entry. */
    static final List<URI> PUBLIC = List.of(SelfHostedModel.FIREWORKS_ENDPOINT, SelfHostedModel.OPENAI_ENDPOINT);

    private EndpointPolicy() {
    }

    /**
     * The endpoint to call, checked.
     *
     * @throws ConfigurationException naming the fix when the endpoint is refused
     */
    public static URI check(ProviderContext ctx) {
        SelfHostedModel model = ctx.model();
        URI endpoint = model.effectiveEndpoint().orElseThrow(() -> new ConfigurationException(
                "model '" + model.name() + "' (" + model.identifier() + ") has no endpoint: set endpoint to the server's"
                        + " OpenAI-compatible base URL, such as http://localhost:8000/v1"));
        return check(ctx, endpoint);
    }

    /**
     * Every URL the model's calls may go to (its replicas, {@code endpoints:}, else its one endpoint),
     * each checked as {@link #check(ProviderContext)} checks one; the first refused one is named.
     *
     * @throws ConfigurationException naming the URL and the fix when one is refused
     */
    public static List<URI> checkAll(ProviderContext ctx) {
        if (ctx.model().replicas().isEmpty()) {
            return List.of(check(ctx));
        }
        return ctx.model().replicas().stream().map(u -> check(ctx, u)).toList();
    }

    private static URI check(ProviderContext ctx, URI endpoint) {
        SelfHostedModel model = ctx.model();
        String shown = EndpointRules.display(endpoint);
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || endpoint.getHost() == null) {
            throw new ConfigurationException("model '" + model.name() + "' has endpoint " + shown
                    + ", which is not an http(s) URL: use https://host/v1");
        }
        if (EndpointRules.hasUserInfo(endpoint)) {
            throw new ConfigurationException("model '" + model.name() + "' has credentials (user:password@) in its"
                    + " endpoint " + shown + ": remove them and give the key as api_key: ${YOUR_KEY_VARIABLE}");
        }
        if (ctx.apiKey().isPresent() && !model.allowInsecureEndpoint()) {
            EndpointRules.cleartextHop(endpoint, ctx.http()).ifPresent(hop -> {
                throw new ConfigurationException("model '" + model.name() + "' would send its api key over " + hop
                        + " to " + shown + ": use an https:// endpoint" + (hop.contains("proxy")
                                ? " (a proxy tunnels HTTPS without seeing the key)" : "")
                        + ", or set allow_insecure_endpoint: true on the model if the network to that host is trusted");
            });
        }
        if (!ctx.customModelsEnabled() && !isPublic(endpoint)
                && !EndpointRules.onAllowlist(endpoint, ctx.customEndpointAllowlist())) {
            throw new ConfigurationException("custom models are disabled (custom_models_enabled: false), so model '"
                    + model.name() + "' may not call " + shown + ": add it to custom_endpoint_allowlist, set"
                    + " custom_models_enabled: true, or use a public endpoint (" + PUBLIC.get(0) + ", " + PUBLIC.get(1) + ")");
        }
        return endpoint;
    }

    public static boolean isLoopback(String host) {
        return EndpointRules.isLoopback(host);
    }

    /** Whether a URL is reachable with custom models off: a public endpoint or on the allowlist. */
    public static boolean admits(URI url, ProviderContext ctx) {
        return isPublic(url) || EndpointRules.onAllowlist(url, ctx.customEndpointAllowlist());
    }

    private static boolean isPublic(URI endpoint) {
        return PUBLIC.stream().anyMatch(p -> EndpointRules.under(endpoint, p));
    }

    /** An allowlist entry is a URL (origin and path prefix) or a bare {@code host} / {@code host:port}. */
    public static boolean onAllowlist(URI endpoint, List<String> allowlist) {
        return EndpointRules.onAllowlist(endpoint, allowlist);
    }
}
