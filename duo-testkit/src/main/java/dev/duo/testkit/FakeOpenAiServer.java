package dev.duo.testkit;

import dev.duo.testkit.conformance.ConformanceServer;
import dev.duo.testkit.internal.ReceivedLog;
import dev.duo.testkit.internal.openai.OpenAiDispatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;
import mockwebserver3.MockWebServer;

/**
 * A local server that speaks OpenAI's API ({@code POST /v1/chat/completions},
 * {@code POST /v1/completions}, {@code GET /v1/models}) on {@code 127.0.0.1}, for testing anything
 * that talks to Fireworks AI, vLLM or another OpenAI-compatible server without the network.
 *
 * <p>Its model echoes the prompt (the last user message, or the text prompt) one word per token, so
 * answers are predictable; it honours {@code max_tokens} (finish reason {@code length}), {@code stop}
 * sequences and reports usage in words. Streams are real SSE: one chunk per token, a finishing
 * chunk, a usage chunk when {@code stream_options.include_usage} is set, then {@code [DONE]}.
 * A {@link FaultPlan} decides, request by request, whether to fail instead ({@link Fault}).
 * Every request is recorded.
 *
 * <pre>{@code
 * try (FakeOpenAiServer server = FakeOpenAiServer.builder()
 *         .faultPlan(FaultPlan.builder().next(Fault.status(429).withRetryAfter(Duration.ofSeconds(1))).build())
 *         .start()) {
 *     URI endpoint = server.endpoint();   // http://127.0.0.1:PORT/v1
 *     // ... point the code under test at it ...
 *     assertThat(server.requests().get(0).header("Authorization")).isEqualTo("Bearer test-key");
 * }
 * }</pre>
 *
 * <p>From the command line: {@code java -cp ... dev.duo.testkit.FakeOpenAiServer --port 8000}.
 */
public final class FakeOpenAiServer implements ConformanceServer {

    /**
     * A request the server received.
     *
     * @param method the HTTP method
     * @param path the path, such as {@code /v1/chat/completions}
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
    private final OpenAiDispatcher dispatcher;
    private final ReceivedLog<ReceivedRequest> received =
            new ReceivedLog<>((method, path, query, headers, body) -> new ReceivedRequest(method, path, headers, body));

    private FakeOpenAiServer(Builder b) throws IOException {
        this.dispatcher = new OpenAiDispatcher(b.plan, b.chunkSpacing, b.beforeChunk, b.holdUntil, b.holdMax, received::record,
                b.script);
        this.server = new MockWebServer();
        server.setDispatcher(dispatcher);
        server.start(InetAddress.getLoopbackAddress(), b.port);
    }

    /** Starts a server with no faults on a free port. */
    public static FakeOpenAiServer start() {
        return builder().start();
    }

    /** Starts a server with no faults on this port (0 for a free one). */
    public static FakeOpenAiServer start(int port) {
        return builder().port(port).start();
    }

    /** A builder: no faults, a free port, no spacing between chunks. */
    public static Builder builder() {
        return new Builder();
    }

    /** The base URL clients use, such as {@code http://127.0.0.1:54321/v1}. */
    @Override
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getPort() + "/v1");
    }

    /** The port listened on. */
    public int port() {
        return server.getPort();
    }

    /** Every request received so far, in arrival order. */
    public List<ReceivedRequest> requests() {
        return received.all();
    }

    @Override
    public int requestCount() {
        return received.size();
    }

    /** The most requests that were being answered at the same moment. */
    public int peakConcurrency() {
        return dispatcher.peakConcurrency();
    }

    /** Stops the server, releasing stalled and held answers and closing every connection. */
    @Override
    public void close() {
        dispatcher.close();
        server.close();
    }

    /**
     * Runs a server until the process is killed: {@code --port N} (default 8000).
     *
     * @param args the command line
     */
    public static void main(String[] args) throws InterruptedException {
        int port = 8000;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                port = Integer.parseInt(args[++i]);
            } else {
                System.err.println("usage: FakeOpenAiServer [--port N]");
                System.exit(2);
            }
        }
        FakeOpenAiServer server = start(port);
        System.out.println("fake OpenAI-compatible server at " + server.endpoint() + " (model " + OpenAiDispatcher.MODEL + ")");
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        new CountDownLatch(1).await();
    }

    /** Builds and starts a {@link FakeOpenAiServer}. */
    public static final class Builder {
        private int port;
        private FaultPlan plan = FaultPlan.none();
        private Duration chunkSpacing = Duration.ZERO;
        private IntConsumer beforeChunk = i -> { };
        private int holdUntil;
        private Duration holdMax = Duration.ofSeconds(10);
        private java.util.function.UnaryOperator<String> script;

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

        /** The faults to inject, one drawn per completion request. */
        public Builder faultPlan(FaultPlan plan) {
            this.plan = Objects.requireNonNull(plan, "plan");
            return this;
        }

        /** A pause between streamed chunks, so a client can be seen consuming a stream as it arrives. */
        public Builder chunkSpacing(Duration spacing) {
            if (spacing.isNegative()) {
                throw new IllegalArgumentException("chunk spacing must not be negative, got " + spacing);
            }
            this.chunkSpacing = spacing;
            return this;
        }

        /**
         * Called on the server's thread with each streamed event's index (0 first) just before it
         * is sent; a test can block here to order the server against its client.
         */
        public Builder beforeChunk(IntConsumer hook) {
            this.beforeChunk = Objects.requireNonNull(hook, "hook");
            return this;
        }

        /**
         * Holds every answer until {@code requests} requests are open at once (or {@code max}
         * passes), to prove a client really runs that many calls concurrently.
         */
        public Builder holdUntilConcurrent(int requests, Duration max) {
            if (requests < 1) {
                throw new IllegalArgumentException("requests must be at least 1, got " + requests);
            }
            this.holdUntil = requests;
            this.holdMax = Objects.requireNonNull(max, "max");
            return this;
        }

        /**
         * Answers with {@code script} applied to the prompt (the last user message, or the text
         * prompt) instead of echoing it, white space kept; {@code max_tokens}, stop sequences, usage
         * and faults work as for the echo. Called on the server's threads, so it must be thread-safe.
         * A judge in an evaluation test, for instance:
         * {@code .answerWith(p -> p.contains("fizzbuzz") ? "Rating: 4\nReason: right" : "Rating: 1\nReason: wrong")}.
         */
        public Builder answerWith(java.util.function.UnaryOperator<String> script) {
            this.script = Objects.requireNonNull(script, "script");
            return this;
        }

        /** Starts the server on 127.0.0.1. */
        public FakeOpenAiServer start() {
            try {
                return new FakeOpenAiServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the fake OpenAI server on port " + port, e);
            }
        }
    }
}
