package dev.duo.testkit;

import dev.duo.spi.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duo.testkit.conformance.ConformanceServer;
import dev.duo.testkit.internal.ReceivedLog;
import dev.duo.testkit.internal.vertex.TokenEndpoint;
import dev.duo.testkit.internal.vertex.VertexDispatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import mockwebserver3.MockWebServer;

/**
 * A local server that speaks Google Vertex AI's publisher-model API on {@code 127.0.0.1}, for both
 * Claude ({@code POST /v1/projects/{p}/locations/{l}/publishers/anthropic/models/{m}:rawPredict} and
 * {@code :streamRawPredict}: Anthropic's Messages body and SSE events) and Gemini
 * ({@code .../publishers/google/models/{m}:generateContent} and
 * {@code :streamGenerateContent?alt=sse}), plus an OAuth token endpoint ({@code POST /token}) so that
 * Google's own auth library really signs, sends and refreshes against loopback.
 *
 * <p>Its model echoes the last user message as every fake does (see {@link FakeOpenAiServer}),
 * honouring max tokens and stop sequences and counting usage in words. Requests must carry a bearer
 * token the token endpoint issued (and has not expired) or one given to {@link Builder#acceptToken};
 * otherwise 401 UNAUTHENTICATED, in Google's error body. {@link Builder#enabledModels} makes every
 * other model a 403 PERMISSION_DENIED, as a model not enabled in the project is. {@link FaultPlan}s
 * work as for the other fakes, "after K chunks" counting chunks of text.
 *
 * <pre>{@code
 * try (FakeVertexServer vertex = FakeVertexServer.builder().start()) {
 *     Path key = Files.writeString(dir.resolve("sa.json"), vertex.serviceAccountJson());  // a fresh RSA key
 *     // ... model vertex_ai/claude-sonnet-4@20250514, project fake-project, region us-east5,
 *     //     endpoint vertex.endpoint(), credentials_file: sa.json ...
 *     assertThat(vertex.tokenRequests()).isEqualTo(1);
 * }
 * }</pre>
 */
public final class FakeVertexServer implements ConformanceServer {

    /** The project the service accounts of {@link #serviceAccountJson()} belong to. */
    public static final String PROJECT = "fake-project";

    private static final ObjectMapper JSON = Json.mapper();

    /**
     * A model request the server received (token requests are only counted).
     *
     * @param method the HTTP method
     * @param path the path, such as {@code /v1/projects/p/locations/us-east5/publishers/anthropic/models/m:rawPredict}
     * @param query the raw query, such as {@code alt=sse}, or null
     * @param headers the headers (names in lower case; the last value wins)
     * @param body the body as UTF-8 text
     */
    public record ReceivedRequest(String method, String path, String query, Map<String, String> headers, String body) {
        /** A header's value, case-insensitively, or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final MockWebServer server;
    private final VertexDispatcher dispatcher;
    private final TokenEndpoint tokens;
    private final ReceivedLog<ReceivedRequest> received =
            new ReceivedLog<>(ReceivedRequest::new);
    private int accounts;

    private FakeVertexServer(Builder b) throws IOException {
        this.tokens = new TokenEndpoint(Clock.systemUTC());
        tokens.lifetime(b.tokenLifetime);
        this.dispatcher = new VertexDispatcher(b.plan, b.chunkSpacing, tokens, b.staticTokens, b.enabledModels, received::record);
        this.server = new MockWebServer();
        server.setDispatcher(dispatcher);
        server.start(InetAddress.getLoopbackAddress(), b.port);
    }

    /** A builder: no faults, every model enabled, tokens living an hour. */
    public static Builder builder() {
        return new Builder();
    }

    /** The base URL to give as a model's {@code endpoint}, such as {@code http://127.0.0.1:54321}. */
    @Override
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getPort());
    }

    /** The token endpoint, such as {@code http://127.0.0.1:54321/token}. */
    public URI tokenUri() {
        return URI.create(endpoint() + "/token");
    }

    /**
     * A new service account's JSON key file, as Google's console downloads it, whose {@code token_uri}
     * is this server's token endpoint. Its RSA key pair is generated in this JVM (once: generating
     * one per test would make suites slow) and never leaves it; the token endpoint trusts its public half.
     */
    public String serviceAccountJson() {
        KeyPair pair = Keys.PAIR;
        String email;
        synchronized (this) {
            email = "duo-test-" + (++accounts) + "@" + PROJECT + ".iam.gserviceaccount.com";
        }
        tokens.register(email, pair.getPublic());
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        ObjectNode n = JSON.createObjectNode().put("type", "service_account").put("project_id", PROJECT)
                .put("private_key_id", "fake-key-" + accounts).put("private_key", pem).put("client_email", email)
                .put("client_id", "10000000000000000000" + accounts)
                .put("auth_uri", "https://accounts.google.com/o/oauth2/auth").put("token_uri", tokenUri().toString())
                .put("universe_domain", "googleapis.com");
        return n.toPrettyString();
    }

    /** Refuse every token request from now on (invalid_grant), as Google does for a deleted or disabled key. */
    public void refuseTokenRequests() {
        tokens.refuse(true);
    }

    /** Token requests received (each a refresh by the client's auth library). */
    public int tokenRequests() {
        return tokens.requestCount();
    }

    /** Every model request received so far, in arrival order. */
    public List<ReceivedRequest> requests() {
        return received.all();
    }

    @Override
    public int requestCount() {
        return received.size();
    }

    /** Stops the server, releasing stalled answers and closing every connection. */
    @Override
    public void close() {
        dispatcher.close();
        server.close();
    }

    /** The JVM's one throwaway key pair, made at first use. */
    private static final class Keys {
        static final KeyPair PAIR = generate();

        private static KeyPair generate() {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                return g.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JVM cannot generate an RSA key", e);
            }
        }
    }

    /** Builds and starts a {@link FakeVertexServer}. */
    public static final class Builder {
        private int port;
        private FaultPlan plan = FaultPlan.none();
        private Duration chunkSpacing = Duration.ZERO;
        private Duration tokenLifetime = Duration.ofHours(1);
        private final Set<String> staticTokens = new LinkedHashSet<>();
        private final Set<String> enabledModels = new LinkedHashSet<>();

        private Builder() {
        }

        /** The port, or 0 (the default) for a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** The faults to inject, one drawn per model call that passes Vertex's checks. */
        public Builder faultPlan(FaultPlan plan) {
            this.plan = Objects.requireNonNull(plan, "plan");
            return this;
        }

        /** A pause between streamed chunks. */
        public Builder chunkSpacing(Duration spacing) {
            if (spacing.isNegative()) {
                throw new IllegalArgumentException("chunk spacing must not be negative, got " + spacing);
            }
            this.chunkSpacing = spacing;
            return this;
        }

        /**
         * How long the tokens it issues live ({@code expires_in}). Google's library treats a token
         * within a few minutes of expiry as expired, so a lifetime under that makes every call refresh.
         */
        public Builder tokenLifetime(Duration lifetime) {
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw new IllegalArgumentException("token lifetime must be positive, got " + lifetime);
            }
            this.tokenLifetime = lifetime;
            return this;
        }

        /** Accept this access token as well (one a test passes as {@code api_key} or GOOGLE_OAUTH_ACCESS_TOKEN). */
        public Builder acceptToken(String token) {
            staticTokens.add(Objects.requireNonNull(token, "token"));
            return this;
        }

        /** Only these model ids are enabled in the project; others get 403 PERMISSION_DENIED. */
        public Builder enabledModels(String... models) {
            enabledModels.addAll(List.of(models));
            return this;
        }

        /** Starts the server on 127.0.0.1. */
        public FakeVertexServer start() {
            try {
                return new FakeVertexServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the fake Vertex AI server on port " + port, e);
            }
        }
    }
}
