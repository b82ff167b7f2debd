package dev.duo.fireworks.internal;

import dev.duo.ConfigurationException;
import dev.duo.model.SelfHostedModel;
import dev.duo.spi.ProviderContext;
import java.net.InetAddress;
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
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ConfigurationException("model '" + model.name() + "' has endpoint " + endpoint
                    + ", which is not an http(s) URL: use https://host/v1");
        }
        if (ctx.apiKey().isPresent() && scheme.equals("http") && !isLoopback(endpoint.getHost())
                && !model.allowInsecureEndpoint()) {
            throw new ConfigurationException("model '" + model.name() + "' would send its api key over plain HTTP to "
                    + endpoint + ": use an https:// endpoint, or set allow_insecure_endpoint: true on the model"
                    + " if the network to that host is trusted");
        }
        if (!ctx.customModelsEnabled() && !isPublic(endpoint) && !onAllowlist(endpoint, ctx.customEndpointAllowlist())) {
            throw new ConfigurationException("custom models are disabled (custom_models_enabled: false), so model '"
                    + model.name() + "' may not call " + endpoint + ": add it to custom_endpoint_allowlist, set"
                    + " custom_models_enabled: true, or use a public endpoint (" + PUBLIC.get(0) + ", " + PUBLIC.get(1) + ")");
        }
        return endpoint;
    }

    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Only literal addresses are judged: resolving a name here would trust whatever DNS says.
        if (h.matches("[0-9.]+") || h.contains(":")) {
            try {
                return InetAddress.getByName(h).isLoopbackAddress();
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    private static boolean isPublic(URI endpoint) {
        return PUBLIC.stream().anyMatch(p -> sameOrigin(p, endpoint) && pathUnder(endpoint, p.getPath()));
    }

    /**
     * An allowlist entry is a URL (matching scheme, host, port and path prefix) or a bare
     * {@code host} / {@code host:port}.
     */
    public static boolean onAllowlist(URI endpoint, List<String> allowlist) {
        for (String raw : allowlist) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.contains("://")) {
                URI allowed = URI.create(entry);
                if (sameOrigin(allowed, endpoint) && pathUnder(endpoint, allowed.getPath())) {
                    return true;
                }
            } else {
                String host = endpoint.getHost().toLowerCase(Locale.ROOT);
                String withPort = host + ":" + port(endpoint);
                String e = entry.toLowerCase(Locale.ROOT);
                if (e.equals(host) || e.equals(withPort)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static boolean pathUnder(URI endpoint, String prefix) {
        if (prefix == null || prefix.isEmpty() || prefix.equals("/")) {
            return true;
        }
        String p = endpoint.getPath() == null ? "" : endpoint.getPath();
        String pre = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return p.equals(pre) || p.startsWith(pre + "/");
    }

    private static int port(URI u) {
        if (u.getPort() != -1) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}
