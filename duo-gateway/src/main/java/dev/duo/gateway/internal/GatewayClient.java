package dev.duo.gateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duo.Completion;
import dev.duo.ConfigurationException;
import dev.duo.DuoException;
import dev.duo.FinishReason;
import dev.duo.InvalidRequestException;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.Usage;
import dev.duo.fireworks.internal.AttemptCalls;
import dev.duo.fireworks.internal.EndpointPolicy;
import dev.duo.fireworks.internal.OkHttpFactory;
import dev.duo.fireworks.internal.ResponseLimits;
import dev.duo.fireworks.internal.WireLog;
import dev.duo.model.SelfHostedModel;
import dev.duo.model.Timeouts;
import dev.duo.spi.Redactor;
import dev.duo.spi.Attempt;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.PromptCall;
import dev.duo.spi.ProviderContext;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
 * The {@link ModelClient} of one AI gateway: each request's {@link PromptCall} becomes
 * {@code POST {url}/v1/prompts/{prompt id}}, answered whole (a JSON string) or streamed
 * ({@code text/event-stream} of raw text chunks, not SSE-framed: the gateway yields the model's
 * text as it comes). One attempt per call, thread-safe, nothing of its own to release.
 *
 * <p>Timeouts and cancellation follow duo-fireworks ({@link AttemptCalls}): the deadlines are the
 * {@link Attempt}'s, decided by the core runtime (none derived here); a cancelled attempt cancels
 * its HTTP call; {@code completeAsync} and streams run on OkHttp's dispatcher. The gateway reports neither usage nor a finish reason, so
 * completions carry {@link Usage#UNKNOWN} and {@link FinishReason#OTHER}.
 *
 * <p>Headers are those a self-managed GitLab instance sends: {@code Authorization: Bearer <token>}
 * (when a token is set), {@code X-Gitlab-Authentication-Type: oidc}, {@code X-Gitlab-Realm:
 * self-managed}, and an {@code X-Request-ID} that errors carry when the gateway sends none back.
 */
public final class GatewayClient implements ModelClient {

    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
    private static final long MAX_ERROR_BODY = 64 * 1024;

    private final OkHttpClient http;
    private final ProviderContext ctx;
    private final URI url;
    private final HttpUrl base;
    private final String bearer;
    private final Redactor redactor;
    private final BooleanSupplier providerClosed;
    /** Per model the calls are for (the gateway's, each routed one): its views of the HTTP client. */
    private final Map<Timeouts, AttemptCalls> views = new ConcurrentHashMap<>();
    private final Map<SelfHostedModel, Boolean> keyChecked = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private GatewayClient(OkHttpClient shared, ProviderContext ctx, URI url, BooleanSupplier providerClosed) {
        this.http = OkHttpFactory.forModel(shared, ctx.http());
        this.ctx = ctx;
        this.url = url;
        String s = url.toString();
        this.base = Objects.requireNonNull(HttpUrl.parse(s.endsWith("/") ? s : s + "/"), "url");
        this.bearer = ctx.apiKey().map(k -> "Bearer " + k.reveal()).orElse(null);
        this.redactor = ctx.apiKey().map(k -> Redactor.of(List.of(k))).orElse(Redactor.PATTERNS_ONLY);
        this.providerClosed = providerClosed;
    }

    /**
     * Checks the gateway URL with the endpoint policy every model endpoint passes, and makes its client.
     *
     * @param shared the provider's HTTP client
     * @param ctx the gateway as an endpoint (see {@code AiGatewaySettings.asEndpoint()})
     * @param providerClosed whether the provider has been closed
     * @throws ConfigurationException when the URL is refused, naming the fix
     */
    public static GatewayClient create(OkHttpClient shared, ProviderContext ctx, BooleanSupplier providerClosed) {
        return new GatewayClient(shared, ctx, checked(ctx), providerClosed);
    }

    private static URI checked(ProviderContext ctx) {
        try {
            return EndpointPolicy.check(ctx);
        } catch (ConfigurationException e) {
            throw new ConfigurationException("ai_gateway.url is refused: " + e.getMessage()
                    + " (the settings live under ai_gateway: in duo.yml)", e, dev.duo.ErrorContext.NONE);
        }
    }

    /** The model the call is for: the routed one, or the gateway itself (its default model). */
    private SelfHostedModel modelOf(PromptCall call) {
        return call.model().orElse(ctx.model());
    }

    Call newCall(PromptCall call, Map<String, String> headers, boolean stream, String requestId, Attempt attempt) {
        if (closed || providerClosed.getAsBoolean()) {
            throw new DuoException("the AI gateway client is closed (its DuoClient was closed): make calls through an"
                    + " open DuoClient", null, false, errors(call).context(null, null, null));
        }
        checkRoutedKey(call);
        byte[] body = GatewayBodies.body(call, stream);
        Request.Builder b = new Request.Builder()
                .url(base.resolve(GatewayBodies.path(call)))
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .header("X-Gitlab-Authentication-Type", "oidc")
                .header("X-Gitlab-Realm", "self-managed")
                .header("X-Request-ID", requestId)
                .post(RequestBody.create(body, JSON_TYPE));
        headers.forEach(b::header);   // extra headers (traceparent ...); ModelRequest refuses credentials
        if (bearer != null) {
            b.header("Authorization", bearer);
        }
        Request r = b.build();
        wire(call).request(r, body);
        return views.computeIfAbsent(modelOf(call).timeouts(), t -> new AttemptCalls(http, t)).newCall(r, stream, attempt);
    }

    /** A routed model's key goes in the body: over plain HTTP it needs what a token would (once per model). */
    private void checkRoutedKey(PromptCall call) {
        if (bearer != null || call.modelApiKey().isEmpty()) {
            return;
        }
        keyChecked.computeIfAbsent(modelOf(call), m -> {
            checked(ProviderContext.builder(ctx.model()).apiKey(call.modelApiKey().get())
                    .customModelsEnabled(ctx.customModelsEnabled()).customEndpointAllowlist(ctx.customEndpointAllowlist())
                    .build());
            return Boolean.TRUE;
        });
    }

    GatewayErrors errors(PromptCall call) {
        return new GatewayErrors(url, redactorFor(call));
    }

    WireLog wire(PromptCall call) {
        return new WireLog(ctx.wireLogging(), ctx.requestLogging(), redactorFor(call));
    }

    private Redactor redactorFor(PromptCall call) {
        return call.modelApiKey().map(k -> redactor.withSecrets(List.of(k))).orElse(redactor);
    }

    static PromptCall promptCall(ModelRequest request) {
        PromptCall call = request.promptCall().orElse(null);
        if (call == null) {
            throw new InvalidRequestException("the AI gateway serves prompts by id, not rendered messages: route a"
                    + " feature to it (provider: vendored, or self_hosted with via: ai_gateway) rather than calling"
                    + " the gateway client with messages");
        }
        List<String> set = new ArrayList<>();
        request.params().maxTokens().ifPresent(v -> set.add("max_tokens"));
        request.params().temperature().ifPresent(v -> set.add("temperature"));
        request.params().topP().ifPresent(v -> set.add("top_p"));
        request.params().stop().ifPresent(v -> set.add("stop"));
        if (!set.isEmpty()) {
            throw new InvalidRequestException("the AI gateway's prompt API takes no model parameters (" + String.join(", ", set)
                    + " given): the gateway's prompt definition for " + call.promptId() + " sets them; send the call"
                    + " without them or call the model directly");
        }
        return call;
    }

    @Override
    public Completion complete(ModelRequest request, Attempt attempt) {
        PromptCall call = promptCall(request);
        String sentId = UUID.randomUUID().toString();
        Call http = newCall(call, request.headers(), false, sentId, attempt);
        long start = System.nanoTime();
        Response response;
        for (int replays = 0; ; replays++) {
            try {
                response = http.execute();
                break;
            } catch (IOException e) {
                Call again = AttemptCalls.replay(http, false, attempt, replays);
                if (again == null) {
                    wire(call).failure(http.request(), e);
                    throw errors(call).fromIOException(e, attempt.isCancelled(), false, modelOf(call).name(), sentId);
                }
                http = again;
            }
        }
        return whole(http, response, call, sentId, start, attempt);
    }

    @Override
    public CompletableFuture<Completion> completeAsync(ModelRequest request, Attempt attempt) {
        PromptCall call = promptCall(request);
        String sentId = UUID.randomUUID().toString();
        Call http = newCall(call, request.headers(), false, sentId, attempt);
        long start = System.nanoTime();
        CompletableFuture<Completion> answer = new CompletableFuture<>();
        http.enqueue(new Callback() {
            private int replays;

            @Override
            public void onFailure(Call c, IOException e) {
                Call again = AttemptCalls.replay(c, false, attempt, replays++);
                if (again != null) {
                    again.enqueue(this);
                    return;
                }
                wire(call).failure(c.request(), e);
                answer.completeExceptionally(errors(call).fromIOException(e, attempt.isCancelled(), false,
                        modelOf(call).name(), sentId));
            }

            @Override
            public void onResponse(Call c, Response response) {
                try {
                    answer.complete(whole(c, response, call, sentId, start, attempt));
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            }
        });
        return answer;
    }

    /** Reads a whole answer (and closes the response). */
    private Completion whole(Call http, Response resp, PromptCall call, String sentId, long start, Attempt attempt) {
        GatewayErrors errors = errors(call);
        WireLog wire = wire(call);
        String model = modelOf(call).name();
        String requestId = sentId;
        try (Response response = resp) {
            wire.response(response, (System.nanoTime() - start) / 1_000_000);
            requestId = GatewayErrors.requestId(response.headers(), sentId);
            if (!response.isSuccessful()) {
                String body = response.peekBody(MAX_ERROR_BODY).string();
                wire.responseBody(body);
                throw errors.fromStatus(response.code(), response.headers(), body, call, model, requestId);
            }
            ResponseBody rb = response.body();
            MediaType type = rb.contentType();
            String body = ResponseLimits.read(rb);
            wire.responseBody(body);
            if (type != null && !type.subtype().contains("json")) {
                throw errors.malformed("a " + type + " answer where the prompt API answers with a JSON string", null,
                        response.code(), model, requestId);
            }
            return whole(body, errors, response.code(), model, requestId, start);
        } catch (ResponseLimits.TooLarge e) {
            throw errors.malformed(e.getMessage(), null, 200, model, requestId);
        } catch (IOException e) {
            wire.failure(http.request(), e);
            throw errors.fromIOException(e, attempt.isCancelled(), false, model, requestId);
        }
    }

    /** A whole answer: the JSON string the prompt API returns. */
    static Completion whole(String body, GatewayErrors errors, int status, String model, String requestId, long startNanos) {
        JsonNode root;
        try {
            root = GatewayBodies.JSON.readTree(body);
        } catch (IOException e) {
            throw errors.malformed("a body that is not JSON", e, status, model, requestId);
        }
        if (root == null || !root.isTextual()) {
            throw errors.malformed("a JSON " + (root == null ? "nothing" : root.getNodeType().name().toLowerCase(
                    java.util.Locale.ROOT)) + " where the prompt API answers with a JSON string", null, status, model, requestId);
        }
        return completion(root.asText(), requestId, startNanos);
    }

    static Completion completion(String text, String requestId, long startNanos) {
        return Completion.builder()
                .text(text)
                .finishReason(FinishReason.OTHER)
                .usage(Usage.UNKNOWN)
                .latency(Duration.ofNanos(System.nanoTime() - startNanos))
                .requestId(requestId)
                .build();
    }

    @Override
    public StreamHandle stream(ModelRequest request, Attempt attempt, StreamListener listener) {
        Objects.requireNonNull(listener, "listener");
        PromptCall call = promptCall(request);
        String sentId = UUID.randomUUID().toString();
        Call http = newCall(call, request.headers(), true, sentId, attempt);
        GatewayStream s = new GatewayStream(http, call, listener, errors(call), wire(call), modelOf(call).name(), sentId,
                attempt);
        http.enqueue(s);
        return s;
    }

    @Override
    public void close() {
        // The connection pool and threads belong to the provider.
        closed = true;
    }
}
