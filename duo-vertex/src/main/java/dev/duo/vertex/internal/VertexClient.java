package dev.duo.vertex.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.ErrorContext;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.fireworks.internal.AttemptCalls;
import dev.duo.fireworks.internal.ErrorMapper;
import dev.duo.fireworks.internal.OkHttpFactory;
import dev.duo.fireworks.internal.ResponseLimits;
import dev.duo.fireworks.internal.WireLog;
import dev.duo.spi.Redactor;
import dev.duo.spi.Attempt;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.ProviderContext;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * A {@link ModelClient} for one Claude or Gemini model on Vertex AI. One attempt per call;
 * thread-safe. Timeouts, cancellation and streaming work as in the OpenAI-compatible provider's
 * client (the same shared OkHttp client, per-model views of it, each call bounded and cancelled by
 * its {@link Attempt} through {@link AttemptCalls}, OkHttp's dispatcher for async calls and streams);
 * the access token is added by {@link AuthInterceptor}.
 */
public final class VertexClient implements ModelClient {

    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
    private static final long MAX_ERROR_BODY = 64 * 1024;

    private final AttemptCalls calls;
    private final ProviderContext ctx;
    private final VertexTarget target;
    private final VertexProtocol protocol;
    private final VertexErrors errors;
    private final WireLog wire;
    private final BooleanSupplier providerClosed;
    private volatile boolean closed;

    private VertexClient(OkHttpClient http, ProviderContext ctx, VertexTarget target, GoogleAuth auth, Clock clock,
            BooleanSupplier providerClosed) {
        this.calls = new AttemptCalls(http, ctx.model().timeouts());
        this.ctx = ctx;
        this.target = target;
        this.protocol = target.claude() ? new ClaudeProtocol() : new GeminiProtocol();
        Redactor redactor = ctx.apiKey().map(k -> Redactor.of(List.of(k))).orElse(Redactor.PATTERNS_ONLY);
        ErrorMapper common = new ErrorMapper(ctx.model().platform(), ctx.model().name(), redactor, clock);
        this.errors = new VertexErrors(common, redactor, target, auth, ctx.model().name());
        this.wire = new WireLog(ctx.wireLogging(), ctx.requestLogging(), redactor);
        this.providerClosed = providerClosed;
    }

    /**
     * Checks the model's settings and credentials and makes its client.
     *
     * @throws dev.duo.ConfigurationException naming the fix: no project or region, an endpoint
     *     refused, a credentials file that cannot be read
     */
    public static VertexClient create(OkHttpClient shared, ProviderContext ctx, Clock clock, BooleanSupplier providerClosed) {
        GoogleAuth auth = GoogleAuth.of(ctx);
        VertexTarget target = VertexTarget.of(ctx, auth.projectId());
        OkHttpClient http = OkHttpFactory.forModel(shared, ctx.http()).newBuilder()
                .addInterceptor(new AuthInterceptor(auth)).build();
        return new VertexClient(http, ctx, target, auth, clock, providerClosed);
    }

    private Call newCall(ModelRequest request, boolean stream, Attempt attempt) {
        if (closed || providerClosed.getAsBoolean()) {
            throw new DuoException("the client for model '" + ctx.model().name() + "' is closed (its DuoClient was"
                    + " closed): make calls through an open DuoClient", null, false,
                    errors.common().context(null, null).build());
        }
        byte[] body = protocol.body(request, stream);
        Request.Builder b = new Request.Builder()
                .url(target.url(protocol.method(stream)))
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .post(RequestBody.create(body, JSON_TYPE));
        request.headers().forEach(b::header);   // extra headers (traceparent ...); ModelRequest refuses credentials
        Request r = b.build();
        wire.request(r, body);
        return calls.newCall(r, stream, attempt);
    }

    @Override
    public Completion complete(ModelRequest request, Attempt attempt) {
        Call call = newCall(request, false, attempt);
        long start = System.nanoTime();
        Response response;
        for (int replays = 0; ; replays++) {
            try {
                response = call.execute();
                break;
            } catch (IOException e) {
                Call again = AttemptCalls.replay(call, false, attempt, replays);
                if (again == null) {
                    wire.failure(call.request(), e);
                    throw errors.fromIOException(e, attempt.isCancelled(), false, null);
                }
                call = again;
            }
        }
        return whole(call, response, start, attempt);
    }

    @Override
    public CompletableFuture<Completion> completeAsync(ModelRequest request, Attempt attempt) {
        Call call = newCall(request, false, attempt);
        long start = System.nanoTime();
        CompletableFuture<Completion> answer = new CompletableFuture<>();
        call.enqueue(new Callback() {
            private int replays;

            @Override
            public void onFailure(Call c, IOException e) {
                Call again = AttemptCalls.replay(c, false, attempt, replays++);
                if (again != null) {
                    again.enqueue(this);
                    return;
                }
                wire.failure(c.request(), e);
                answer.completeExceptionally(errors.fromIOException(e, attempt.isCancelled(), false, null));
            }

            @Override
            public void onResponse(Call c, Response response) {
                try {
                    answer.complete(whole(c, response, start, attempt));
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            }
        });
        return answer;
    }

    /** Reads a whole answer (and closes the response). */
    private Completion whole(Call call, Response resp, long start, Attempt attempt) {
        String requestId = null;
        try (Response response = resp) {
            wire.response(response, (System.nanoTime() - start) / 1_000_000);
            requestId = ErrorMapper.requestId(response.headers());
            if (!response.isSuccessful()) {
                String body = response.peekBody(MAX_ERROR_BODY).string();
                wire.responseBody(body);
                throw errors.fromStatus(response.code(), response.headers(), body);
            }
            ResponseBody rb = response.body();
            MediaType type = rb.contentType();
            String body = ResponseLimits.read(rb, maxAnswerBytes());
            wire.responseBody(body);
            if (type != null && !type.subtype().contains("json")) {
                throw errors.malformed("a " + type + " answer where JSON was expected", null, response.code(), requestId);
            }
            return parseWhole(body, response.code(), requestId, start);
        } catch (ResponseLimits.TooLarge e) {
            throw errors.malformed(e.getMessage(), null, 200, requestId);
        } catch (IOException e) {
            wire.failure(call.request(), e);
            throw errors.fromIOException(e, attempt.isCancelled(), false, requestId);
        }
    }

    Completion parseWhole(String body, int status, String requestId, long startNanos) {
        JsonNode root;
        try {
            root = VertexProtocol.JSON.readTree(body);
        } catch (IOException e) {
            throw errors.malformed("a body that is not JSON", e, status, requestId);
        }
        if (root == null || !root.isObject()) {
            throw errors.malformed("a body that is not a JSON object", null, status, requestId);
        }
        if (root.has("error") && root.get("error").isObject()) {
            throw errors.fromStreamError(root.get("error"), requestId);
        }
        Completion.Builder b;
        try {
            b = protocol.whole(root);
        } catch (IllegalArgumentException e) {
            throw errors.malformed(e.getMessage(), null, status, requestId);
        }
        Completion parsed = b.build();
        return parsed.toBuilder()
                .latency(Duration.ofNanos(System.nanoTime() - startNanos))
                .requestId(requestId != null ? requestId : parsed.requestId().orElse(null))
                .build();
    }

    VertexProtocol protocol() {
        return protocol;
    }

    VertexErrors errors() {
        return errors;
    }

    WireLog wire() {
        return wire;
    }

    /** The model's max_answer_size, in bytes: the limit for a whole answer and for a whole stream. */
    long maxAnswerBytes() {
        return ctx.model().maxAnswerBytes();
    }

    @Override
    public StreamHandle stream(ModelRequest request, Attempt attempt, StreamListener listener) {
        Objects.requireNonNull(listener, "listener");
        Call call = newCall(request, true, attempt);
        VertexStream s = new VertexStream(call, listener, this, attempt);
        call.enqueue(s);
        return s;
    }

    @Override
    public void close() {
        // The connection pool and threads belong to the provider.
        closed = true;
    }

    /** Delivered when the listener throws: the stream is stopped, not the provider's fault. */
    static DuoException listenerFailed(Throwable e) {
        return new DuoException("the stream listener threw " + e.getClass().getSimpleName()
                + "; the stream was stopped", e, false, ErrorContext.NONE);
    }
}
