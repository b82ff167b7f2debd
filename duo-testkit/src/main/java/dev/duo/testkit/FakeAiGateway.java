package dev.duo.testkit;

import dev.duo.prompt.PromptRegistry;
import dev.duo.testkit.conformance.ConformanceServer;
import dev.duo.testkit.internal.ReceivedLog;
import dev.duo.testkit.internal.gateway.GatewayDispatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import mockwebserver3.MockWebServer;

/**
 * A local server that speaks the GitLab AI gateway's API on {@code 127.0.0.1}, for testing
 * features served through a gateway ({@code ai_gateway:} in duo.yml) without one:
 * {@code POST /v1/prompts/{prompt id}} (whole answers as a JSON string, streams as
 * {@code text/event-stream} of raw text chunks), {@code GET /monitoring/healthz} and
 * {@code /monitoring/ready}, with the gateway's authentication (a bearer token and
 * {@code X-Gitlab-Authentication-Type: oidc}) and its error statuses and bodies.
 *
 * <p>It holds the SDK's bundled prompt definitions (the gateway's own) plus any
 * {@link Builder#promptDirectory directories} a test adds, selects one as the gateway does (the
 * family of {@code model_metadata.name}, else the default model's; the version constraint) and
 * renders it with the inputs; its model echoes the last user message one word per chunk, so
 * answers are predictable. A {@link FaultPlan} makes calls fail instead ({@link Fault}; a status
 * fault answers {@code {"detail": message}}, so {@code Fault.status(421).withMessage("429: Too
 * Many Requests")} is the gateway reporting that the model behind it was rate-limited). Every
 * request is recorded.
 *
 * <pre>{@code
 * try (FakeAiGateway gateway = FakeAiGateway.builder().token("test-token").start()) {
 *     URI url = gateway.url();   // http://127.0.0.1:PORT, for ai_gateway.url
 *     // ... point the code under test at it ...
 *     assertThat(gateway.requests().get(0).path()).isEqualTo("/v1/prompts/chat/explain_code");
 * }
 * }</pre>
 */
public final class FakeAiGateway implements ConformanceServer {

    /**
     * A request the gateway received.
     *
     * @param method the HTTP method
     * @param path the path, such as {@code /v1/prompts/chat/explain_code}
     * @param headers the headers (names in lower case; the last value wins)
     * @param body the body as UTF-8 text (empty when none)
     */
    public record ReceivedRequest(String method, String path, Map<String, String> headers, String body) {
        /** A header's value, case-insensitively, or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final MockWebServer server;
    private final GatewayDispatcher dispatcher;
    private final ReceivedLog<ReceivedRequest> received =
            new ReceivedLog<>((method, path, query, headers, body) -> new ReceivedRequest(method, path, headers, body));

    private FakeAiGateway(Builder b) throws IOException {
        PromptRegistry prompts = b.promptDirectories.isEmpty() ? Bundled.PROMPTS : PromptRegistry.load(b.promptDirectories);
        this.dispatcher = new GatewayDispatcher(prompts, b.token, b.denied, b.unsupported,
                b.plan, b.chunkSpacing, received::record);
        this.server = new MockWebServer();
        server.setDispatcher(dispatcher);
        server.start(InetAddress.getLoopbackAddress(), b.port);
    }

    /** The bundled definitions, loaded once for every fake (immutable, safe to render concurrently). */
    private static final class Bundled {
        static final PromptRegistry PROMPTS = PromptRegistry.bundled();
    }

    /** Starts a gateway with no faults and no authentication on a free port. */
    public static FakeAiGateway start() {
        return builder().start();
    }

    /** A builder: no token (authentication bypassed), no faults, a free port. */
    public static Builder builder() {
        return new Builder();
    }

    /** The gateway's base URL, such as {@code http://127.0.0.1:54321}: the value of {@code ai_gateway.url}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getPort());
    }

    /** The same as {@link #url()}, for the conformance suite. */
    @Override
    public URI endpoint() {
        return url();
    }

    /** The port listened on. */
    public int port() {
        return server.getPort();
    }

    /** Every request received so far, in arrival order. */
    public List<ReceivedRequest> requests() {
        return received.all();
    }

    /** The prompt calls received so far (health checks left out). */
    public List<ReceivedRequest> promptCalls() {
        return requests().stream().filter(r -> r.path().startsWith("/v1/prompts/")).toList();
    }

    @Override
    public int requestCount() {
        return received.size();
    }

    /** Stops the gateway, releasing stalled answers and closing every connection. */
    @Override
    public void close() {
        dispatcher.close();
        server.close();
    }

    /**
     * Runs a gateway until the process is killed: {@code --port N} (default 5052, the gateway's),
     * {@code --token T} to require a token.
     *
     * @param args the command line
     */
    public static void main(String[] args) throws InterruptedException {
        Builder b = builder().port(5052);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                b.port(Integer.parseInt(args[++i]));
            } else if (args[i].equals("--token") && i + 1 < args.length) {
                b.token(args[++i]);
            } else {
                System.err.println("usage: FakeAiGateway [--port N] [--token T]");
                System.exit(2);
            }
        }
        FakeAiGateway gateway = b.start();
        System.out.println("fake AI gateway at " + gateway.url());
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close));
        new CountDownLatch(1).await();
    }

    /** Builds and starts a {@link FakeAiGateway}. */
    public static final class Builder {
        private int port;
        private String token;
        private final List<Path> promptDirectories = new ArrayList<>();
        private final Set<String> denied = new HashSet<>();
        private final Set<String> unsupported = new HashSet<>();
        private FaultPlan plan = FaultPlan.none();
        private Duration chunkSpacing = Duration.ZERO;

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

        /** Require this bearer token (401 otherwise); without one the gateway bypasses authentication. */
        public Builder token(String token) {
            this.token = Objects.requireNonNull(token, "token");
            return this;
        }

        /** Prompt definitions the gateway holds besides the bundled ones ({@code <id>/<family>/<version>.yml}). */
        public Builder promptDirectory(Path dir) {
            promptDirectories.add(Objects.requireNonNull(dir, "dir"));
            return this;
        }

        /** The token does not grant this prompt's unit primitive: calls of it are 403. */
        public Builder denyPrompt(String promptId) {
            denied.add(Objects.requireNonNull(promptId, "promptId"));
            return this;
        }

        /** The prompt API does not serve this prompt (an agent prompt, say): calls of it are 422. */
        public Builder unsupportedPrompt(String promptId) {
            unsupported.add(Objects.requireNonNull(promptId, "promptId"));
            return this;
        }

        /** The faults to inject, one drawn per prompt call that passes the gateway's checks. */
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

        /** Starts the gateway on 127.0.0.1. */
        public FakeAiGateway start() {
            try {
                return new FakeAiGateway(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the fake AI gateway on port " + port, e);
            }
        }
    }
}
