package dev.duo.model;

import dev.duo.spi.EndpointRules;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks of a model's {@code endpoints:} list (its replicas), apart from the model's builder so
 * that it stays readable: each URL is checked as a single {@code endpoint} is, the list is not empty,
 * no URL appears twice once normalised, and only platforms that serve a list of URLs take one.
 */
final class Replicas {

    /** The platforms whose provider calls a URL of the model's own choosing (the OpenAI-compatible one). */
    private static final Set<String> PLATFORMS =
            Set.of(ModelIdentifier.CUSTOM_OPENAI, ModelIdentifier.FIREWORKS_AI, ModelIdentifier.OPENAI);

    private Replicas() {
    }

    static void check(String model, URI endpoint, List<URI> replicas) {
        if (endpoint != null) {
            throw new IllegalArgumentException("model '" + model + "' sets both endpoint and endpoints: keep one"
                    + " (endpoints: [url, url] to spread calls over replicas, endpoint: url for a single server)");
        }
        if (replicas.isEmpty()) {
            throw new IllegalArgumentException("model '" + model + "' has an empty endpoints list: list the replicas'"
                    + " URLs (endpoints: [http://vllm-0:8000/v1, http://vllm-1:8000/v1]), or remove the key");
        }
        Map<URI, URI> seen = new HashMap<>();
        for (int i = 0; i < replicas.size(); i++) {
            URI u = replicas.get(i);
            if (u == null) {
                throw new IllegalArgumentException("model '" + model + "' has an empty entry in endpoints[" + i
                        + "]: give a URL such as http://vllm-0:8000/v1, or remove the entry");
            }
            String shown = EndpointRules.display(u);
            if (EndpointRules.hasUserInfo(u)) {
                throw new IllegalArgumentException("model '" + model + "' has credentials (user:password@) in"
                        + " endpoints[" + i + "] " + shown + ": remove them from the URL and give the key as"
                        + " api_key: ${YOUR_KEY_VARIABLE}");
            }
            URI normal;
            try {
                normal = EndpointRules.normalize(u);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("model '" + model + "' has endpoints[" + i + "] '" + shown
                        + "', which is not an http(s) URL such as http://vllm-0:8000/v1");
            }
            URI trimmed = withoutTrailingSlash(normal);
            URI before = seen.putIfAbsent(trimmed, u);
            if (before != null) {
                throw new IllegalArgumentException("model '" + model + "' lists the same replica twice in endpoints: "
                        + EndpointRules.display(before) + " and " + shown + " are both " + EndpointRules.display(trimmed)
                        + ": list each replica once");
            }
        }
    }

    static void checkPlatform(String model, ModelIdentifier identifier) {
        if (!PLATFORMS.contains(identifier.platform())) {
            throw new IllegalArgumentException("model '" + model + "' (" + identifier + ") sets endpoints, but its"
                    + " platform " + identifier.platform() + " serves one endpoint: use endpoint: url (replicas are for"
                    + " the OpenAI-compatible platforms " + PLATFORMS.stream().sorted().toList() + ")");
        }
    }

    // http://h:80/v1 and http://h:80/v1/ are one server: the client resolves its paths the same below both.
    private static URI withoutTrailingSlash(URI u) {
        String s = u.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : u;
    }
}
