package dev.duo.fireworks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.Usage;
import dev.duo.spi.Redactor;
import dev.duo.model.Timeouts;
import dev.duo.spi.Attempt;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.ProviderContext;
import dev.duo.spi.ReplicaSet;
import dev.duo.spi.RequestMode;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * A {@link ModelClient} for one model on an OpenAI-compatible server: {@code /chat/completions}
 * for chat requests, {@code /completions} for text requests, whole or streamed. One attempt per
 * call; thread-safe; holds nothing of its own (the HTTP client belongs to the provider). A model
 * with replicas ({@code endpoints:}) spreads its attempts over them through a {@link ReplicaSet}:
 * each attempt (a stream's included) goes to one replica and reports there how it ended.
 */
public final class OpenAiClient implements ModelClient {

    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
    private static final long MAX_ERROR_BODY = 64 * 1024;

    private final OkHttpClient blockingHttp;
    private final OkHttpClient streamHttp;
    private final Timeouts modelTimeouts;
    private final ProviderContext ctx;
    private final ReplicaSet replicas;
    // By replica index, each endpoint resolved once per mode: resolving costs a URL parse per call.
    private final List<HttpUrl> chatUrls;
    private final List<HttpUrl> textUrls;
    private final String modelId;
    private final String bearer;
    private final ErrorMapper errors;
    private final WireLog wire;
    private final BooleanSupplier providerClosed;
    private final Dialect dialect;    // null: plain OpenAI (endpoint + bearer key)
    private final RequestBodies.KnownTexts knownTexts = new RequestBodies.KnownTexts();
    private volatile boolean closed;

    /**
     * A client; {@code endpoint} must already have passed {@link EndpointPolicy#check}.
     *
     * @param http the provider's client, with this model's HTTP settings
     * @param ctx the model and its settings
     * @param endpoints the base URLs (one, or the replicas), such as {@code https://api.fireworks.ai/inference/v1}
     * @param clock reads {@code Retry-After} dates
     * @param providerClosed whether the provider (and its HTTP client) has been closed
     */
    OpenAiClient(OkHttpClient http, ProviderContext ctx, List<URI> endpoints, Clock clock, BooleanSupplier providerClosed) {
        this(http, ctx, endpoints, clock, providerClosed, false);
    }

    private OpenAiClient(OkHttpClient http, ProviderContext ctx, List<URI> endpoints, Clock clock,
            BooleanSupplier providerClosed, boolean azure) {
        Objects.requireNonNull(http, "http");
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.modelTimeouts = ctx.model().timeouts();
        this.blockingHttp = OkHttpFactory.forBlocking(http, modelTimeouts);
        this.streamHttp = OkHttpFactory.forStreams(http, modelTimeouts);
        this.replicas = ReplicaSet.of(ctx.model().name(), endpoints, dev.duo.spi.ReplicaPolicy.DEFAULTS, ctx.clock(),
                endpoints.size() > 1 ? withPoolEviction(ctx.listeners(), http.connectionPool()) : ctx.listeners());
        List<HttpUrl> bases = endpoints.stream().map(e -> {
            String s = e.toString();
            return Objects.requireNonNull(HttpUrl.parse(s.endsWith("/") ? s : s + "/"), "endpoint");
        }).toList();
        this.chatUrls = bases.stream().map(b -> b.resolve(RequestBodies.path(RequestMode.CHAT))).toList();
        this.textUrls = bases.stream().map(b -> b.resolve(RequestBodies.path(RequestMode.TEXT))).toList();
        this.modelId = ctx.model().identifier().modelId();
        this.bearer = ctx.apiKey().map(k -> "Bearer " + k.reveal()).orElse(null);
        Redactor redactor = ctx.apiKey().map(k -> Redactor.of(java.util.List.of(k))).orElse(Redactor.PATTERNS_ONLY);
        this.errors = new ErrorMapper(ctx.model().platform(), ctx.model().name(), redactor, clock);
        this.wire = new WireLog(ctx.wireLogging(), ctx.requestLogging(), redactor);
        this.providerClosed = providerClosed;
        this.dialect = azure ? AzureDialect.of(ctx, endpoints.get(0), errors) : null;
    }

    /**
     * The listeners, and one that closes the pool's idle connections when a replica is ejected: those
     * to the dead replica would otherwise wait in the pool, and the probe after its restart would take
     * one and fail on it ("unexpected end of stream", after the request was written, so not replayed),
     * keeping the replica out for another cooldown per stale connection. Idle connections to other
     * hosts are opened again when next needed (an ejection is rare).
     */
    private static List<dev.duo.call.CallListener> withPoolEviction(List<dev.duo.call.CallListener> listeners,
            okhttp3.ConnectionPool pool) {
        List<dev.duo.call.CallListener> all = new java.util.ArrayList<>(listeners);
        all.add(new dev.duo.call.CallListener() {
            @Override
            public void onReplicaEjected(dev.duo.call.ReplicaEvent event) {
                pool.evictAll();
            }
        });
        return all;
    }

    /**
     * Checks the endpoint and makes a client for the context's model.
     *
     * @throws dev.duo.ConfigurationException when the endpoint is refused, naming the fix
     */
    public static OpenAiClient create(OkHttpClient shared, ProviderContext ctx, Clock clock, BooleanSupplier providerClosed) {
        List<URI> endpoints = EndpointPolicy.checkAll(ctx);
        OkHttpClient http = OkHttpFactory.forModel(shared, ctx.http(),
                new RedirectGuard(uri -> ctx.customModelsEnabled() || EndpointPolicy.admits(uri, ctx)));
        return new OpenAiClient(http, ctx, endpoints, clock, providerClosed);
    }

    /**
     * The same for an Azure OpenAI deployment ({@link AzureDialect}).
     *
     * @throws dev.duo.ConfigurationException when the endpoint or api_version is refused, naming the fix
     */
    public static OpenAiClient createAzure(OkHttpClient shared, ProviderContext ctx, Clock clock, BooleanSupplier providerClosed) {
        URI endpoint = EndpointPolicy.check(ctx);
        OkHttpClient http = OkHttpFactory.forModel(shared, ctx.http());
        return new OpenAiClient(http, ctx, List.of(endpoint), clock, providerClosed, true);
    }

    /** The error for an error answer: the platform's own reading first, else the common mapping. */
    DuoException statusError(int status, okhttp3.Headers headers, String body) {
        DuoException refined = dialect == null ? null : dialect.refine(status, headers, body);
        return refined != null ? refined : errors.fromStatus(status, headers, body);
    }

    /** The replicas this client spreads its attempts over (one for a model with a single endpoint). */
    public ReplicaSet replicas() {
        return replicas;
    }

    /** A call to the lease's replica; the lease is released if the call cannot be made. */
    Call newCall(ModelRequest request, boolean stream, Attempt attempt, ReplicaSet.Lease lease) {
        return newCall(request, stream, attempt, lease, null);
    }

    /** As above, the body written into {@code body} when it is not null (else a new buffer). */
    private Call newCall(ModelRequest request, boolean stream, Attempt attempt, ReplicaSet.Lease lease, JsonBytes body) {
        try {
            int i = lease.index();
            return newCall(request, stream, attempt, request.mode() == RequestMode.TEXT ? textUrls.get(i) : chatUrls.get(i),
                    body);
        } catch (RuntimeException | Error e) {
            lease.released();
            throw e;
        }
    }

    private Call newCall(ModelRequest request, boolean stream, Attempt attempt, HttpUrl url, JsonBytes into) {
        if (closed || providerClosed.getAsBoolean()) {
            // Not retryable: the connection pool and threads are gone, so every later call would fail too.
            throw new DuoException("the client for model '" + ctx.model().name() + "' is closed (its DuoClient was"
                    + " closed): make calls through an open DuoClient", null, false, errors.context(null, null).build());
        }
        JsonBytes body = into == null ? RequestBodies.body(modelId, request, stream, knownTexts)
                : RequestBodies.body(modelId, request, stream, knownTexts, into);
        Request.Builder b = new Request.Builder()
                .url(dialect != null ? dialect.url(request.mode()) : url)
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .post(RequestBody.create(body.bytes(), JSON_TYPE, 0, body.length()));
        if (!request.headers().isEmpty()) {
            request.headers().forEach(b::header);   // extra headers (traceparent ...); ModelRequest refuses credentials
        }
        if (dialect != null) {
            dialect.authorize(b);
        } else if (bearer != null) {
            b.header("Authorization", bearer);
        }
        Request r = b.build();
        wire.request(r, body);
        return AttemptCalls.prepare(http(stream, attempt.timeouts()).newCall(r), stream, attempt);
    }

    /** The view of the HTTP client with these deadlines: the model's own (kept), or a call's overrides. */
    private OkHttpClient http(boolean stream, Timeouts t) {
        boolean own = t.connect().equals(modelTimeouts.connect()) && (!stream || t.attempt().equals(modelTimeouts.attempt()));
        if (own) {
            return stream ? streamHttp : blockingHttp;
        }
        return stream ? OkHttpFactory.forStreams(streamHttp, t) : OkHttpFactory.forBlocking(blockingHttp, t);
    }

    @Override
    public Completion complete(ModelRequest request, Attempt attempt) {
        ReplicaSet.Lease lease = replicas.acquire(attempt);
        // This thread's spare buffer: OkHttp copies the body on this thread while the call runs, so
        // it is free again once completeOn returned (replays included).
        JsonBytes body = JsonBytes.pooled(RequestBodies.sizeHint(modelId, request));
        Call call = newCall(request, false, attempt, lease, body);
        try {
            Completion c = completeOn(call, attempt);
            lease.succeeded();
            return c;
        } catch (RuntimeException | Error e) {
            lease.failed(e);
            throw e;
        } finally {
            body.recycle();
        }
    }

    private Completion completeOn(Call first, Attempt attempt) {
        Call call = first;
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
        ReplicaSet.Lease lease = replicas.acquire(attempt);
        Call call = newCall(request, false, attempt, lease);
        long start = System.nanoTime();
        CompletableFuture<Completion> answer = new CompletableFuture<>();
        // The lease ends before the future completes, so that the runtime's next attempt sees the
        // replica's new state (a future's own callbacks would run after the runtime's, not before).
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
                DuoException error = errors.fromIOException(e, attempt.isCancelled(), false, null);
                lease.failed(error);
                answer.completeExceptionally(error);
            }

            @Override
            public void onResponse(Call c, Response response) {
                Completion done;
                try {
                    done = whole(c, response, start, attempt);
                } catch (RuntimeException | Error e) {
                    lease.failed(e);
                    answer.completeExceptionally(e);
                    return;
                }
                lease.succeeded();
                answer.complete(done);
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
                throw statusError(response.code(), response.headers(), body);
            }
            ResponseBody rb = response.body();
            MediaType type = notJson(response.header("Content-Type"));
            byte[] body = ResponseLimits.readBytes(rb, maxAnswerBytes());
            wire.responseBody(body);
            if (type != null) {
                throw errors.malformed("a " + type + " answer where JSON was expected", null, response.code(), requestId);
            }
            // Parsed from the bytes (Jackson's UTF-8 parser, no decoded copy); an odd answer is read
            // again as text, as a tree, for the same result and errors as before.
            Answers.Whole read = Answers.whole(body);
            return read != null ? completion(read, requestId, start)
                    : parseWhole(new String(body, java.nio.charset.StandardCharsets.UTF_8), response.code(), requestId, start);
        } catch (ResponseLimits.TooLarge e) {
            throw errors.malformed(e.getMessage(), null, 200, requestId);
        } catch (IOException e) {
            wire.failure(call.request(), e);
            throw errors.fromIOException(e, attempt.isCancelled(), false, requestId);
        }
    }

    /**
     * The answer's media type when it names one that is not JSON, else null. The usual
     * {@code application/json...} is known without parsing it (OkHttp parses a media type with a
     * regular expression): its subtype, if it parses at all, begins with "json".
     */
    static MediaType notJson(String contentType) {
        if (contentType == null || contentType.regionMatches(true, 0, "application/json", 0, 16)) {
            return null;
        }
        MediaType type = MediaType.parse(contentType);
        return type != null && !type.subtype().contains("json") ? type : null;
    }

    private static Completion completion(Answers.Whole read, String requestId, long startNanos) {
        return Completion.builder()
                .text(read.text())
                .finishReason(Answers.finishReason(read.finishWire()))
                .usage(read.usage() == null ? Usage.UNKNOWN : read.usage())
                .latency(Duration.ofNanos(System.nanoTime() - startNanos))
                .requestId(requestId != null ? requestId : read.id())
                .build();
    }

    Completion parseWhole(String body, int status, String requestId, long startNanos) {
        Answers.Whole read = Answers.whole(body);
        if (read != null) {
            return completion(read, requestId, startNanos);
        }
        JsonNode root;
        try {
            root = RequestBodies.JSON.readTree(body);
        } catch (IOException e) {
            throw errors.malformed("a body that is not JSON", e, status, requestId);
        }
        if (root == null || !root.isObject()) {
            throw errors.malformed("a body that is not a JSON object", null, status, requestId);
        }
        if (root.has("error")) {
            throw errors.fromStreamError(root.get("error"), requestId);
        }
        JsonNode choices = root.get("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            throw errors.malformed("an answer without choices", null, status, requestId);
        }
        JsonNode choice = choices.get(0);
        if (!choice.isObject()) {
            throw errors.malformed("an answer whose choice is not a JSON object", null, status, requestId);
        }
        Usage usage = Answers.usage(root.get("usage"));
        return Completion.builder()
                .text(Answers.text(choice))
                .finishReason(Answers.finishReason(Answers.finishWire(choice)))
                .usage(usage == null ? Usage.UNKNOWN : usage)
                .latency(Duration.ofNanos(System.nanoTime() - startNanos))
                .requestId(requestId != null ? requestId : root.path("id").asText(null))
                .build();
    }

    @Override
    public StreamHandle stream(ModelRequest request, Attempt attempt, StreamListener listener) {
        StreamCall sc = streamCall(request, attempt, listener);
        sc.enqueue();
        return sc;
    }

    /** Reads the stream on the calling thread: no hand-off to the dispatcher before the request is sent. */
    @Override
    public StreamHandle streamHere(ModelRequest request, Attempt attempt, StreamListener listener) {
        StreamCall sc = streamCall(request, attempt, listener);
        sc.runHere();
        return sc;
    }

    private StreamCall streamCall(ModelRequest request, Attempt attempt, StreamListener listener) {
        Objects.requireNonNull(listener, "listener");
        ReplicaSet.Lease lease = replicas.acquire(attempt);
        Call call = newCall(request, true, attempt, lease);
        // The stream stays on this replica (its replays of a stale connection too); its end is the replica's verdict.
        return new StreamCall(call, LeasedListener.of(listener, lease), errors, wire, this, attempt);
    }

    @Override
    public void close() {
        // Nothing else of its own to release: the connection pool and threads belong to the provider.
        closed = true;
    }

    /** The model's max_answer_size, in bytes. */
    long maxAnswerBytes() {
        return ctx.model().maxAnswerBytes();
    }

    /** The model's platform id. */
    String platform() {
        return ctx.model().platform();
    }

    /** Delivered to callers when their listener throws: the stream is stopped, not the provider's fault. */
    static DuoException listenerFailed(Throwable e) {
        return new DuoException("the stream listener threw " + e.getClass().getSimpleName()
                + "; the stream was stopped", e, false, dev.duo.ErrorContext.NONE);
    }
}
