package dev.duo.testkit.internal.vertex;

import dev.duo.spi.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duo.testkit.Fault;
import dev.duo.testkit.FaultPlan;
import dev.duo.testkit.internal.EchoModel;
import dev.duo.testkit.internal.openai.SocketBody;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/**
 * Answers Vertex AI's publisher-model methods for Claude ({@code :rawPredict},
 * {@code :streamRawPredict}) and Gemini ({@code :generateContent},
 * {@code :streamGenerateContent?alt=sse}) and the token endpoint ({@code POST /token}), checking
 * what Vertex checks in its order (the bearer token, the model being enabled, the body), with
 * Google's error bodies ({@code {"error": {"code", "message", "status"}}}) and Anthropic's inside a
 * Claude body. One fault is drawn from the plan per model call that passes the checks.
 */
public final class VertexDispatcher extends Dispatcher {

    private static final ObjectMapper JSON = Json.mapper();
    private static final Pattern PATH = Pattern.compile(
            "/v1/projects/([^/]+)/locations/([^/]+)/publishers/([^/]+)/models/([^/:]+):([A-Za-z]+)");

    private final FaultPlan plan;
    private final Duration spacing;
    private final TokenEndpoint tokens;
    private final Set<String> staticTokens;
    private final Set<String> enabledModels;
    private final Consumer<RecordedRequest> recorder;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicLong ids = new AtomicLong();

    /**
     * A dispatcher.
     *
     * @param plan faults, one per model call
     * @param spacing the pause between streamed chunks
     * @param tokens the token endpoint, which also says which tokens it issued
     * @param staticTokens access tokens accepted without being issued here
     * @param enabledModels the model ids enabled in the project (empty: all)
     * @param recorder receives every model request (token requests are counted by the endpoint)
     */
    public VertexDispatcher(FaultPlan plan, Duration spacing, TokenEndpoint tokens, Set<String> staticTokens,
            Set<String> enabledModels, Consumer<RecordedRequest> recorder) {
        this.plan = plan;
        this.spacing = spacing;
        this.tokens = tokens;
        this.staticTokens = Set.copyOf(staticTokens);
        this.enabledModels = Set.copyOf(enabledModels);
        this.recorder = recorder;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        String path = request.getUrl().encodedPath();
        String text = request.getBody() == null ? "" : request.getBody().string(StandardCharsets.UTF_8);
        if ("POST".equals(request.getMethod()) && path.equals("/token")) {
            return tokens.answer(text, request.getUrl().newBuilder().query(null).build().toString());
        }
        recorder.accept(request);
        Matcher m = PATH.matcher(path);
        if (!"POST".equals(request.getMethod()) || !m.matches()) {
            return google(404, "NOT_FOUND", "The requested URL " + path + " was not found on this server.");
        }
        String project = m.group(1);
        String location = m.group(2);
        String publisher = m.group(3);
        String model = m.group(4);
        String method = m.group(5);
        String auth = request.getHeaders().get("Authorization");
        String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
        if (token == null || !(tokens.valid(token) || staticTokens.contains(token))) {
            return google(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access"
                    + " token, login cookie or other valid authentication credential. See"
                    + " https://developers.google.com/identity/sign-in/web/devconsole-project.");
        }
        boolean claude = publisher.equals("anthropic");
        boolean stream;
        if (claude && (method.equals("rawPredict") || method.equals("streamRawPredict"))) {
            stream = method.equals("streamRawPredict");
        } else if (publisher.equals("google") && (method.equals("generateContent") || method.equals("streamGenerateContent"))) {
            stream = method.equals("streamGenerateContent");
            if (stream && !"sse".equals(request.getUrl().queryParameter("alt"))) {
                return google(400, "INVALID_ARGUMENT", "this fake streams Gemini only as SSE: add ?alt=sse");
            }
        } else {
            return google(400, "INVALID_ARGUMENT", "Method " + method + " is not supported for publisher " + publisher);
        }
        String resource = "projects/" + project + "/locations/" + location + "/publishers/" + publisher + "/models/" + model;
        if (!enabledModels.isEmpty() && !enabledModels.contains(model)) {
            return google(403, "PERMISSION_DENIED", "Permission 'aiplatform.endpoints.predict' denied on resource"
                    + " '//aiplatform.googleapis.com/" + resource + "' (or it may not exist).");
        }
        JsonNode body;
        try {
            body = JSON.readTree(text);
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            return google(400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
        }
        MockResponse invalid = claude ? checkClaude(body) : checkGemini(body);
        if (invalid != null) {
            return invalid;
        }
        Optional<Fault> fault = plan.next();
        if (fault.isPresent()) {
            MockResponse early = before(fault.get());
            if (early != null) {
                return early;
            }
        }
        return answer(claude, stream, model, body, fault.orElse(null));
    }

    private static MockResponse checkClaude(JsonNode body) {
        if (!"vertex-2023-10-16".equals(body.path("anthropic_version").asText())) {
            return anthropic(400, "invalid_request_error", "anthropic_version: Input should be 'vertex-2023-10-16'");
        }
        if (body.has("model")) {
            return anthropic(400, "invalid_request_error", "model: Extra inputs are not permitted");
        }
        if (!body.path("messages").isArray() || body.path("messages").isEmpty()) {
            return anthropic(400, "invalid_request_error", "messages: Field required");
        }
        if (!body.hasNonNull("max_tokens")) {
            return anthropic(400, "invalid_request_error", "max_tokens: Field required");
        }
        return null;
    }

    private static MockResponse checkGemini(JsonNode body) {
        if (!body.path("contents").isArray() || body.path("contents").isEmpty()) {
            return google(400, "INVALID_ARGUMENT", "Unable to submit request because it has an empty contents field.");
        }
        return null;
    }

    /** Faults that act before any answer: null when the fault acts on the body. */
    private MockResponse before(Fault fault) throws InterruptedException {
        if (fault instanceof Fault.Status s) {
            MockResponse.Builder b = google(s.code(), status(s.code()),
                    s.message() != null ? s.message() : "HTTP " + s.code() + " (fake fault)").newBuilder();
            if (s.retryAfter() != null) {
                b.setHeader("Retry-After", Long.toString((s.retryAfter().toMillis() + 999) / 1000));
            }
            return b.build();
        }
        if (fault instanceof Fault.Stall s) {
            closing.await(s.duration().toMillis(), TimeUnit.MILLISECONDS);
            return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
        }
        if (fault instanceof Fault.Reset) {
            return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
        }
        return null;
    }

    private MockResponse answer(boolean claude, boolean stream, String model, JsonNode body, Fault fault) {
        VertexWire.Ask ask = claude ? VertexWire.claudeAsk(body) : VertexWire.geminiAsk(body);
        EchoModel.Answer a = EchoModel.answer(ask.prompt(), ask.promptTokens(), ask.maxTokens(), ask.stops());
        String id = (claude ? "msg_vrtx_fake" : "fake-response-") + ids.incrementAndGet();
        boolean malformed = fault instanceof Fault.Malformed;
        if (stream) {
            List<String> pieces = new ArrayList<>(claude ? VertexWire.claudeStream(id, model, a) : VertexWire.geminiStream(id, model, a));
            if (malformed) {
                pieces.add(Math.min(1, pieces.size()), claude ? "event: content_block_delta\ndata: {\"type\": \"content_block_delta\", \n\n"
                        : "data: {\"candidates\": [{\"content\": \r\n\r\n");
            }
            MockResponse.Builder b = new MockResponse.Builder().code(200).removeHeader("Content-Length").setHeader("Content-Type", "text/event-stream")
                    .setHeader("Transfer-Encoding", "chunked").setHeader("Cache-Control", "no-cache");
            return b.socketHandler(new SocketBody(pieces, true, fault, spacing, i -> { }, closing, () -> { })).build();
        }
        String whole = malformed ? "{\"id\": \"" + id + "\", \"content\": [{\"text\": "
                : claude ? VertexWire.claudeWhole(id, model, a, ask.stops()) : VertexWire.geminiWhole(id, model, a);
        if (fault instanceof Fault.Disconnect || fault instanceof Fault.StallBody) {
            int half = whole.length() / 2;
            Fault atHalf = fault instanceof Fault.Disconnect ? new Fault.Disconnect(1)
                    : new Fault.StallBody(1, ((Fault.StallBody) fault).duration());
            return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json; charset=UTF-8")
                    .setHeader("Content-Length", whole.getBytes(StandardCharsets.UTF_8).length)
                    .socketHandler(new SocketBody(List.of(whole.substring(0, half), whole.substring(half)), false, atHalf,
                            Duration.ZERO, i -> { }, closing, () -> { })).build();
        }
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json; charset=UTF-8").body(whole).build();
    }

    private static String status(int code) {
        return switch (code) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 408, 504 -> "DEADLINE_EXCEEDED";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 503 -> "UNAVAILABLE";
            default -> code >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
        };
    }

    static MockResponse google(int code, String status, String message) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("code", code).put("message", message).put("status", status);
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json; charset=UTF-8")
                .body(root.toString()).build();
    }

    static MockResponse anthropic(int code, String type, String message) {
        ObjectNode root = JSON.createObjectNode().put("type", "error");
        root.putObject("error").put("type", type).put("message", message);
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(root.toString()).build();
    }

    /** Releases stalled answers; the server is shutting down. */
    @Override
    public void close() {
        closing.countDown();
    }
}
