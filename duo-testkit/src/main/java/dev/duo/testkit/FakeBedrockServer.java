package dev.duo.testkit;

import dev.duo.testkit.internal.bedrock.BedrockDispatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A local stand-in for the AWS Bedrock runtime, speaking what the AWS SDK speaks: Converse JSON
 * ({@code POST /model/{modelId}/converse}) and ConverseStream
 * ({@code POST /model/{modelId}/converse-stream}, {@code application/vnd.amazon.eventstream} frames
 * messageStart, contentBlockDelta..., contentBlockStop, messageStop, metadata, encoded with the
 * SDK's own event-stream encoder). Point a Bedrock model's endpoint (or
 * {@code AWS_BEDROCK_RUNTIME_ENDPOINT}) at {@link #endpoint()}.
 *
 * <p>Answers are deterministic, by the rule all Duo fakes share (so the conformance suite runs
 * against it through {@code ConformanceServer.of(...)}): the model echoes the last user turn, one
 * word per token, stops after {@code maxTokens} tokens (stop reason {@code max_tokens}) or just
 * before a stop sequence ({@code stop_sequence}), and reports usage (words as tokens) and a
 * latency metric. Every answer
 * carries an {@code x-amzn-RequestId}. Requests without an {@code Authorization} header are refused
 * as AWS does (403); every request is recorded, headers included, so tests can check SigV4
 * ({@code AWS4-HMAC-SHA256}) or {@code Bearer} auth.
 *
 * <p>Faults come from a {@link FaultPlan}, one per call: {@link Fault.Status} answers with the
 * matching Bedrock exception ({@code x-amzn-ErrorType} and a JSON message; a message written
 * {@code "ModelNotReadyException: text"} picks the exception itself), or, for ConverseStream after
 * {@link #streamErrorsInBand(int)}, an {@code :message-type exception} frame mid-stream;
 * {@link Fault.Stall} never answers; {@link Fault.StallBody} goes silent after K chunks;
 * {@link Fault.Disconnect} drops the connection after K chunks; {@link Fault.Malformed} sends broken
 * JSON or a corrupt frame; {@link Fault.Reset} closes the connection before answering.
 *
 * <pre>{@code
 * try (FakeBedrockServer bedrock = FakeBedrockServer.builder()
 *         .faultPlan(FaultPlan.builder().next(Fault.status(429)).build())
 *         .build()) {
 *     SelfHostedModel model = SelfHostedModel.builder().name("Claude [fake]").family(ModelFamily.CLAUDE_3)
 *             .identifier("bedrock/anthropic.claude-3-5-haiku-20241022-v1:0").endpoint(bedrock.endpoint()).build();
 *     // first call: RateLimitedException; then answers
 * }
 * }</pre>
 */
public final class FakeBedrockServer implements AutoCloseable {

    /**
     * One request the fake received.
     *
     * @param operation {@code converse} or {@code converse-stream} (or the path, for unknown ones)
     * @param modelId the model id from the path, decoded
     * @param headers the headers, names lower-cased
     * @param body the body as text
     */
    public record Request(String operation, String modelId, Map<String, List<String>> headers, String body) {

        /** The first value of a header, by case-insensitive name. */
        public Optional<String> header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
        }

        /** The Authorization header, such as {@code AWS4-HMAC-SHA256 Credential=...} or {@code Bearer ...}. */
        public Optional<String> authorization() {
            return header("authorization");
        }
    }

    private final MockWebServer server = new MockWebServer();
    private final List<Request> requests = new ArrayList<>();
    private volatile FaultPlan plan;
    private volatile Duration spacing;
    private volatile int inBandAfterChunks = -1;
    private volatile boolean open = true;

    private FakeBedrockServer(Builder b) {
        this.plan = b.plan;
        this.spacing = b.spacing;
        server.setDispatcher(new BedrockDispatcher(() -> plan, () -> spacing, () -> inBandAfterChunks,
                () -> open, this::record));
        try {
            server.start(InetAddress.getLoopbackAddress(), b.port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake Bedrock server on port " + b.port, e);
        }
    }

    /** Starts a fake without faults on a free loopback port. */
    public static FakeBedrockServer start() {
        return builder().build();
    }

    /** Starts a fake without faults on this loopback port (for {@code duo fake-server --protocol bedrock --port N}). */
    public static FakeBedrockServer start(int port) {
        return builder().port(port).build();
    }

    /** A builder: free port, no faults, no spacing. */
    public static Builder builder() {
        return new Builder();
    }

    /** The base URL to use as the Bedrock runtime endpoint, such as {@code http://127.0.0.1:50123}. */
    public URI endpoint() {
        return URI.create("http://" + server.getSocketAddress().getAddress().getHostAddress() + ":" + server.getPort());
    }

    /** The port listened on. */
    public int port() {
        return server.getPort();
    }

    /** Replaces the fault plan (a server shared by a test class can change it between tests). */
    public void faultPlan(FaultPlan plan) {
        this.plan = Objects.requireNonNull(plan, "plan");
    }

    /** Sets the pause between streamed chunks. */
    public void chunkSpacing(Duration spacing) {
        this.spacing = Objects.requireNonNull(spacing, "spacing");
    }

    /**
     * Makes {@link Fault.Status} faults of ConverseStream calls arrive as an exception frame after
     * {@code afterChunks} chunks (as Bedrock reports throttling or model errors once a stream has
     * started); a negative value restores HTTP errors.
     */
    public void streamErrorsInBand(int afterChunks) {
        this.inBandAfterChunks = afterChunks;
    }

    /** The requests received so far, oldest first. */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The last request received. */
    public synchronized Optional<Request> lastRequest() {
        return requests.isEmpty() ? Optional.empty() : Optional.of(requests.get(requests.size() - 1));
    }

    /** Forgets the recorded requests. */
    public synchronized void clearRequests() {
        requests.clear();
    }

    private synchronized void record(RecordedRequest r) {
        Map<String, List<String>> headers = new TreeMap<>();
        r.getHeaders().toMultimap().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        String path = r.getUrl().encodedPath();
        String[] parts = path.split("/");
        boolean known = parts.length == 4 && parts[1].equals("model");
        requests.add(new Request(known ? parts[3] : path,
                known ? URLDecoder.decode(parts[2], StandardCharsets.UTF_8) : "",
                Map.copyOf(headers), BedrockDispatcher.bodyText(r)));
    }

    /** Stops the server; stalled answers end. */
    @Override
    public void close() {
        open = false;
        server.close();
    }

    @Override
    public String toString() {
        return "FakeBedrockServer[" + endpoint() + "]";
    }

    /** Builds and starts a {@link FakeBedrockServer}. */
    public static final class Builder {
        private int port;
        private FaultPlan plan = FaultPlan.none();
        private Duration spacing = Duration.ZERO;

        private Builder() {
        }

        /** The loopback port, 0 (the default) for a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The faults to inject. */
        public Builder faultPlan(FaultPlan plan) {
            this.plan = Objects.requireNonNull(plan, "plan");
            return this;
        }

        /** A pause between streamed chunks, to watch them arrive one by one. */
        public Builder chunkSpacing(Duration spacing) {
            this.spacing = Objects.requireNonNull(spacing, "spacing");
            return this;
        }

        /** Starts the server. */
        public FakeBedrockServer build() {
            return new FakeBedrockServer(this);
        }
    }
}
