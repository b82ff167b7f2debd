package dev.duo.testkit.internal.openai;

import dev.duo.spi.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duo.testkit.Fault;
import dev.duo.testkit.FaultPlan;
import dev.duo.testkit.internal.EchoModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/**
 * Answers OpenAI's {@code /v1/chat/completions}, {@code /v1/completions} and {@code /v1/models}
 * as a real server would (bodies, SSE streams, error objects, headers), applying the fault plan
 * one request at a time. Runs on MockWebServer's per-connection threads, so blocking here (a
 * stall, a hold) blocks only that connection.
 */
public final class OpenAiDispatcher extends Dispatcher {

    /** The model name {@code /v1/models} lists. */
    public static final String MODEL = "fake-model";

    private static final ObjectMapper JSON = Json.mapper();

    private final FaultPlan plan;
    private final java.util.function.UnaryOperator<String> script;
    private final Duration spacing;
    private final IntConsumer beforeChunk;
    private final Consumer<RecordedRequest> recorder;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private final CountDownLatch hold;
    private final Duration holdMax;

    /**
     * A dispatcher.
     *
     * @param plan faults, one drawn per completion request
     * @param spacing the pause between streamed chunks
     * @param beforeChunk called with each chunk's index just before it is sent
     * @param holdUntil hold every answer until this many requests are open at once (0: no hold)
     * @param holdMax the longest a held answer waits
     * @param recorder receives every request
     * @param script the answer to a prompt instead of its echo, or null to echo
     */
    public OpenAiDispatcher(FaultPlan plan, Duration spacing, IntConsumer beforeChunk, int holdUntil, Duration holdMax,
            Consumer<RecordedRequest> recorder, java.util.function.UnaryOperator<String> script) {
        this.script = script;
        this.plan = plan;
        this.spacing = spacing;
        this.beforeChunk = beforeChunk;
        this.hold = holdUntil > 0 ? new CountDownLatch(holdUntil) : null;
        this.holdMax = holdMax;
        this.recorder = recorder;
    }

    /** The most requests that were open at once. */
    public int peakConcurrency() {
        return peak.get();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        recorder.accept(request);
        int now = inFlight.incrementAndGet();
        peak.accumulateAndGet(now, Math::max);
        boolean handedOver = false;
        try {
            if (hold != null) {
                hold.countDown();
                hold.await(holdMax.toMillis(), TimeUnit.MILLISECONDS);
            }
            MockResponse response = route(request);
            handedOver = response.getSocketHandler() != null;
            return response;
        } finally {
            if (!handedOver) {
                inFlight.decrementAndGet();
            }
        }
    }

    private MockResponse route(RecordedRequest request) throws InterruptedException {
        String path = request.getUrl().encodedPath();
        String method = request.getMethod();
        if ("GET".equals(method) && path.equals("/v1/models")) {
            ObjectNode list = JSON.createObjectNode().put("object", "list");
            list.putArray("data").addObject().put("id", MODEL).put("object", "model").put("owned_by", "duo-testkit");
            return json(200, list.toString()).build();
        }
        boolean chat = path.equals("/v1/chat/completions");
        if (!"POST".equals(method) || !(chat || path.equals("/v1/completions"))) {
            return error(404, "Unknown request URL: " + method + " " + path, "invalid_request_error", null).build();
        }
        JsonNode body;
        try {
            String text = request.getBody() == null ? "" : request.getBody().string(StandardCharsets.UTF_8);
            body = JSON.readTree(text);
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            return error(400, "We could not parse the JSON body of your request.", "invalid_request_error", null).build();
        }
        if (!body.hasNonNull("model")) {
            return error(400, "you must provide a model parameter", "invalid_request_error", null).build();
        }
        if (chat && !(body.get("messages") instanceof ArrayNode a && !a.isEmpty())) {
            return error(400, "'messages' is a required property", "invalid_request_error", null).build();
        }
        if (!chat && !body.hasNonNull("prompt")) {
            return error(400, "'prompt' is a required property", "invalid_request_error", null).build();
        }
        Optional<Fault> fault = plan.next();
        if (fault.isPresent()) {
            MockResponse early = before(fault.get());
            if (early != null) {
                return early;
            }
        }
        return answer(body, chat, fault.orElse(null));
    }

    /** Faults that act before any answer: null when the fault acts on the body. */
    private MockResponse before(Fault fault) throws InterruptedException {
        if (fault instanceof Fault.Status s) {
            MockResponse.Builder b = error(s.code(), s.message() != null ? s.message() : defaultMessage(s.code()),
                    errorType(s.code()), null);
            if (s.retryAfter() != null) {
                b.setHeader("Retry-After", Long.toString((s.retryAfter().toMillis() + 999) / 1000));
            }
            if (s.code() == 429) {
                b.setHeader("x-ratelimit-limit-requests", "60").setHeader("x-ratelimit-over-limit", "yes");
            }
            return b.build();
        }
        if (fault instanceof Fault.Stall s) {
            // Headers never come: hold this connection's thread until the stall ends or the server closes.
            closing.await(s.duration().toMillis(), TimeUnit.MILLISECONDS);
            return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
        }
        if (fault instanceof Fault.Reset) {
            return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
        }
        return null;
    }

    private MockResponse answer(JsonNode body, boolean chat, Fault fault) {
        String model = body.get("model").asText();
        // Newer clients (OpenAI's own SDK) send max_completion_tokens; servers accept either.
        Integer maxTokens = body.hasNonNull("max_tokens") ? Integer.valueOf(body.get("max_tokens").asInt())
                : body.hasNonNull("max_completion_tokens") ? Integer.valueOf(body.get("max_completion_tokens").asInt()) : null;
        List<String> stops = new ArrayList<>();
        JsonNode stop = body.get("stop");
        if (stop != null && stop.isTextual()) {
            stops.add(stop.asText());
        } else if (stop != null && stop.isArray()) {
            stop.forEach(s -> stops.add(s.asText()));
        }
        String prompt;
        int promptTokens;
        if (chat) {
            prompt = "";
            promptTokens = 0;
            for (JsonNode m : body.get("messages")) {
                String content = m.path("content").asText("");
                promptTokens += EchoModel.count(content);
                if ("user".equals(m.path("role").asText())) {
                    prompt = content;
                }
            }
        } else {
            prompt = body.get("prompt").asText();
            promptTokens = EchoModel.count(prompt);
        }
        EchoModel.Answer answer = script == null ? EchoModel.answer(prompt, promptTokens, maxTokens, stops)
                : EchoModel.scripted(script.apply(prompt), promptTokens, maxTokens, stops);
        String id = (chat ? "chatcmpl-fake-" : "cmpl-fake-") + ids.incrementAndGet();
        boolean stream = body.path("stream").asBoolean(false);
        boolean malformed = fault instanceof Fault.Malformed;
        if (stream) {
            boolean includeUsage = body.path("stream_options").path("include_usage").asBoolean(false);
            List<String> events = new ArrayList<>();
            for (String piece : OpenAiJson.chunks(id, model, chat, answer, includeUsage)) {
                events.add("data: " + piece + "\n\n");
            }
            if (malformed) {
                events.add(Math.min(1, events.size()), "data: {\"id\": \"" + id + "\", \"choices\": [{\"delta\": \n\n");
            }
            events.add("data: [DONE]\n\n");
            return handOver(id, "text/event-stream", events, true, fault);
        }
        String whole = malformed ? "{\"id\": \"" + id + "\", \"choices\": [{\"message\": " : OpenAiJson.whole(id, model, chat, answer);
        if (fault instanceof Fault.Disconnect || fault instanceof Fault.StallBody) {
            int half = whole.length() / 2;
            List<String> parts = List.of(whole.substring(0, half), whole.substring(half));
            Fault atHalf = fault instanceof Fault.Disconnect ? new Fault.Disconnect(1)
                    : new Fault.StallBody(1, ((Fault.StallBody) fault).duration());
            MockResponse.Builder b = headers(id, "application/json")
                    .setHeader("Content-Length", whole.getBytes(StandardCharsets.UTF_8).length);
            return b.socketHandler(new SocketBody(parts, false, atHalf, Duration.ZERO, i -> { }, closing,
                    inFlight::decrementAndGet)).build();
        }
        return json(200, whole).setHeader("x-request-id", "req-" + id).build();
    }

    private MockResponse handOver(String id, String type, List<String> events, boolean chunked, Fault fault) {
        MockResponse.Builder b = headers(id, type).removeHeader("Content-Length")
                .setHeader("Transfer-Encoding", "chunked").setHeader("Cache-Control", "no-cache");
        return b.socketHandler(new SocketBody(events, chunked, fault, spacing, beforeChunk, closing,
                inFlight::decrementAndGet)).build();
    }

    private static MockResponse.Builder headers(String id, String type) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", type).setHeader("x-request-id", "req-" + id);
    }

    private MockResponse.Builder json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body);
    }

    private MockResponse.Builder error(int code, String message, String type, String param) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode e = root.putObject("error");
        e.put("message", message).put("type", type).put("param", param).putNull("code");
        return json(code, root.toString()).setHeader("x-request-id", "req-error-" + ids.incrementAndGet());
    }

    private static String defaultMessage(int code) {
        return switch (code) {
            case 400 -> "Invalid request";
            case 401 -> "The API key you provided is invalid.";
            case 402 -> "Your account is out of credits.";
            case 403 -> "You do not have access to this model.";
            case 404 -> "Model not found, inaccessible, and/or not deployed";
            case 408 -> "Request timed out";
            case 429 -> "Rate limit exceeded";
            case 503 -> "The server is overloaded";
            default -> code >= 500 ? "Internal server error" : "Request failed";
        };
    }

    private static String errorType(int code) {
        return switch (code) {
            case 401, 403 -> "authentication_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            default -> code >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    /** Releases stalled and held answers; the server is shutting down. */
    @Override
    public void close() {
        closing.countDown();
        if (hold != null) {
            while (hold.getCount() > 0) {
                hold.countDown();
            }
        }
    }
}
