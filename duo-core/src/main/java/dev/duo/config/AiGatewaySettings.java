package dev.duo.config;

import dev.duo.model.ApiKey;
import dev.duo.model.ModelFamily;
import dev.duo.model.ModelIdentifier;
import dev.duo.model.SelfHostedModel;
import dev.duo.model.Timeouts;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * A running GitLab AI gateway that serves features for this client ({@code ai_gateway:} in
 * duo.yml): its base URL, the token a self-managed GitLab instance would send it, its deadlines,
 * and whether the token may go over plain HTTP to a non-loopback host.
 *
 * <p>Features reach it with {@code provider: vendored} (the gateway's own default model, as
 * GitLab's {@code vendored} means) or {@code provider: self_hosted, model: ..., via: ai_gateway}
 * (the gateway calls that model). The URL passes the same endpoint policy as a model endpoint and
 * the token is a secret like a model's key: {@link #asEndpoint()} is how both are applied.
 *
 * <pre>{@code
 * AiGatewaySettings gw = AiGatewaySettings.builder()
 *         .url(URI.create("http://localhost:5052"))
 *         .token(ApiKey.fromEnv("AIGW_TOKEN"))
 *         .build();
 * }</pre>
 */
public final class AiGatewaySettings {

    /** The name the gateway goes by in logs, errors and {@code duo models list}. */
    public static final String NAME = "AI gateway";

    private final URI url;
    private final ApiKey token;
    private final Timeouts timeouts;
    private final boolean allowInsecureEndpoint;

    private AiGatewaySettings(Builder b) {
        this.url = b.url;
        this.token = b.token;
        this.timeouts = b.timeouts;
        this.allowInsecureEndpoint = b.allowInsecureEndpoint;
    }

    /** An empty builder: the URL is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values. */
    public Builder toBuilder() {
        return new Builder().url(url).token(token).timeouts(timeouts).allowInsecureEndpoint(allowInsecureEndpoint);
    }

    /** The gateway's base URL, such as {@code http://localhost:5052} (its API lives under {@code /v1}). */
    public URI url() {
        return url;
    }

    /** Where the token comes from ({@code ${AIGW_TOKEN}}); empty for a gateway that needs none. */
    public Optional<ApiKey> token() {
        return Optional.ofNullable(token);
    }

    /** The deadlines of calls to the gateway's default model (a routed model's own deadlines win). */
    public Timeouts timeouts() {
        return timeouts;
    }

    /** Whether the token (and routed models' keys) may go over plain HTTP to a non-loopback host. */
    public boolean allowInsecureEndpoint() {
        return allowInsecureEndpoint;
    }

    /**
     * The gateway as an endpoint of platform {@code ai_gateway}: its URL as the endpoint, its token
     * as the key, its deadlines. Providers check and call it exactly as they do a model endpoint.
     */
    public SelfHostedModel asEndpoint() {
        return SelfHostedModel.builder()
                .name(NAME)
                // The gateway chooses the model; GENERAL ("any model") is the family that claims nothing.
                .family(ModelFamily.GENERAL)
                .identifier(ModelIdentifier.AI_GATEWAY + "/default")
                .endpoint(url)
                .apiKey(token)
                .timeouts(timeouts)
                .allowInsecureEndpoint(allowInsecureEndpoint)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AiGatewaySettings g && url.equals(g.url) && Objects.equals(token, g.token)
                && timeouts.equals(g.timeouts) && allowInsecureEndpoint == g.allowInsecureEndpoint;
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, token, timeouts, allowInsecureEndpoint);
    }

    @Override
    public String toString() {
        return "AiGatewaySettings{url=" + url + ", token=" + (token == null ? "none" : token.reference()) + '}';
    }

    /** Builds {@link AiGatewaySettings}. */
    public static final class Builder {
        private URI url;
        private ApiKey token;
        private Timeouts timeouts = Timeouts.DEFAULTS;
        private boolean allowInsecureEndpoint;

        private Builder() {
        }

        /** The base URL, such as {@code https://aigw.internal:5052}. */
        public Builder url(URI url) {
            this.url = url;
            return this;
        }

        /** The token's source, or null. */
        public Builder token(ApiKey token) {
            this.token = token;
            return this;
        }

        /** The deadlines. */
        public Builder timeouts(Timeouts timeouts) {
            this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
            return this;
        }

        /** Allow the token over plain HTTP to a non-loopback host. */
        public Builder allowInsecureEndpoint(boolean allow) {
            this.allowInsecureEndpoint = allow;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException when the URL is missing or not http(s)
         */
        public AiGatewaySettings build() {
            if (url == null) {
                throw new IllegalArgumentException("ai_gateway needs a url, such as http://localhost:5052");
            }
            String scheme = url.getScheme();
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
                throw new IllegalArgumentException("ai_gateway.url '" + url
                        + "' is not an http(s) URL such as http://localhost:5052");
            }
            if (url.getPath() != null && url.getPath().replaceAll("/+$", "").endsWith("/v1")) {
                throw new IllegalArgumentException("ai_gateway.url '" + url + "' ends in /v1: give the gateway's base URL"
                        + " (such as http://localhost:5052); the SDK adds /v1/prompts/... itself");
            }
            return new AiGatewaySettings(this);
        }
    }
}
