package dev.duo.testkit.internal.gateway;

import dev.duo.spi.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duo.DuoException;
import dev.duo.Message;
import dev.duo.Role;
import dev.duo.feature.Feature;
import dev.duo.feature.ReleaseState;
import dev.duo.model.ModelFamily;
import dev.duo.admin.PromptLookup;
import dev.duo.prompt.PromptRegistry;
import dev.duo.prompt.PromptTemplate;
import dev.duo.prompt.RenderedPrompt;
import dev.duo.testkit.Fault;
import dev.duo.testkit.FaultPlan;
import dev.duo.testkit.internal.openai.SocketBody;
import dev.duo.testkit.internal.EchoModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/**
 * Answers as the GitLab AI gateway does ({@code ai_gateway/api/v1/prompts/invoke.py},
 * {@code api/server.py}, {@code api/monitoring.py}):
 *
 * <ul>
 * <li>{@code GET /monitoring/healthz} and {@code /monitoring/ready}: 200 {@code {}}, no auth;
 * <li>{@code POST /v1/prompts/{prompt id}}: with a token configured, 401 {@code {"error": ...}}
 *     unless {@code Authorization: Bearer <token>} and {@code X-Gitlab-Authentication-Type: oidc}
 *     come; a body that is not a {@code PromptRequest} is 422 {@code {"detail": "Validation
 *     error"}}; the prompt is found as the gateway finds it (the family of {@code model_metadata.name},
 *     else the default model's, {@code claude_3}; then {@code base}; the version constraint,
 *     default {@code ^1.0.0}, stable versions only for ranges), and a failure is 400 with the
 *     gateway's {@code ValueError} text; a prompt the token may not use is 403, one not served by
 *     the prompt API 422; the inputs (plus {@code current_date}) render it, a missing one is 422
 *     with LangChain's {@code KeyError} text; the model echoes the last user message word by word;
 *     the answer is a JSON string, or with {@code stream: true} a {@code text/event-stream} of raw
 *     text chunks (no SSE framing), one per word.
 * </ul>
 *
 * A {@link FaultPlan} decides per prompt call whether to fail instead: a status fault answers
 * {@code {"detail": message}} with that status (421's default detail is {@code "500: Internal
 * Server Error"}, the model's status as the gateway reports it), stalls and drops act on the
 * headers or between chunks, a malformed answer is broken JSON or bytes that are not UTF-8.
 */
public final class GatewayDispatcher extends Dispatcher {

    private static final ObjectMapper JSON = Json.mapper();
    private static final String PROMPTS = "/v1/prompts/";
    private static final ModelFamily DEFAULT_FAMILY = ModelFamily.CLAUDE_3;
    private static final String DEFAULT_VERSION = "^1.0.0";

    private final PromptRegistry prompts;
    private final String token;
    private final Set<String> denied;
    private final Set<String> unsupported;
    private final FaultPlan plan;
    private final Duration spacing;
    private final Consumer<RecordedRequest> recorder;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param prompts the prompt definitions the gateway holds
     * @param token the token it accepts, or null when it bypasses authentication
     * @param denied prompt ids whose unit primitive the token does not grant (403)
     * @param unsupported prompt ids the prompt API does not serve (422)
     * @param plan faults, one drawn per prompt call that passes validation
     * @param spacing the pause between streamed chunks
     * @param recorder receives every request
     */
    public GatewayDispatcher(PromptRegistry prompts, String token, Set<String> denied, Set<String> unsupported,
            FaultPlan plan, Duration spacing, Consumer<RecordedRequest> recorder) {
        this.prompts = prompts;
        this.token = token;
        this.denied = Set.copyOf(denied);
        this.unsupported = Set.copyOf(unsupported);
        this.plan = plan;
        this.spacing = spacing;
        this.recorder = recorder;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        recorder.accept(request);
        String path = request.getUrl().encodedPath();
        String method = request.getMethod();
        if ("GET".equals(method) && (path.equals("/monitoring/healthz") || path.equals("/monitoring/ready"))) {
            return json(200, "{}");
        }
        if (!"POST".equals(method) || !path.startsWith(PROMPTS) || path.length() == PROMPTS.length()) {
            return detail(404, "Not Found");
        }
        if (token != null) {
            String auth = request.getHeaders().get("Authorization");
            if (auth == null) {
                return json(401, "{\"error\":\"Header is missing: 'Authorization'\"}");
            }
            if (!"oidc".equals(request.getHeaders().get("X-Gitlab-Authentication-Type"))) {
                return json(401, "{\"error\":\"Header is missing: 'X-Gitlab-Authentication-Type'\"}");
            }
            if (!auth.equals("Bearer " + token)) {
                return json(401, "{\"error\":\"Forbidden by auth provider\"}");
            }
        }
        String promptId = java.net.URLDecoder.decode(path.substring(PROMPTS.length()), StandardCharsets.UTF_8);
        JsonNode body;
        try {
            body = JSON.readTree(request.getBody() == null ? "" : request.getBody().string(StandardCharsets.UTF_8));
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject() || !(body.get("inputs") instanceof ObjectNode)
                || (body.has("stream") && !body.get("stream").isBoolean() && !body.get("stream").isNull())
                || (body.has("prompt_version") && !body.get("prompt_version").isTextual() && !body.get("prompt_version").isNull())) {
            return detail(422, "Validation error");
        }
        return invoke(promptId, body);
    }

    private MockResponse invoke(String promptId, JsonNode body) throws InterruptedException {
        ModelFamily family = familyOf(body.get("model_metadata"));
        String version = body.hasNonNull("prompt_version") ? body.get("prompt_version").asText() : DEFAULT_VERSION;
        PromptTemplate prompt;
        try {
            prompt = prompts.select(promptId, family, version);
        } catch (DuoException e) {
            return detail(400, lookupFailure(promptId, family, version));
        }
        if (denied.contains(promptId)) {
            return detail(403, "Unauthorized to access '" + promptId + "'");
        }
        if (unsupported.contains(promptId)) {
            return detail(422, "Prompt '" + promptId + "' is not supported");
        }
        Map<String, Object> inputs = JSON.convertValue(body.get("inputs"), JSON.getTypeFactory()
                .constructMapType(LinkedHashMap.class, String.class, Object.class));
        inputs.putIfAbsent("current_date", LocalDate.now().format(DateTimeFormatter.ofPattern("MMMM dd, yyyy", Locale.US)));
        Set<String> missing = new TreeSet<>(prompt.variables());
        missing.removeAll(inputs.keySet());
        if (!missing.isEmpty()) {
            return detail(422, "'Input to ChatPromptTemplate is missing variables " + pySet(missing)
                    + ".  Expected: " + pyList(prompt.variables()) + " Received: " + pyList(inputs.keySet()) + "'");
        }
        Fault fault = plan.next().orElse(null);
        MockResponse early = before(fault);
        if (early != null) {
            return early;
        }
        Map<String, Object> used = new LinkedHashMap<>();
        prompt.variables().forEach(v -> used.put(v, inputs.get(v)));
        RenderedPrompt rendered;
        try {
            rendered = prompt.render(feature(promptId), used);
        } catch (DuoException e) {
            return detail(422, "'" + e.getMessage() + "'");
        }
        String asked = rendered.messages().stream().filter(m -> m.role() == Role.USER).reduce((a, b) -> b)
                .map(Message::content).orElse("");
        EchoModel.Answer answer = EchoModel.answer(asked, 0, null, List.of());
        boolean stream = body.path("stream").asBoolean(false);
        return stream ? streamed(answer, fault) : whole(answer, fault);
    }

    private MockResponse whole(EchoModel.Answer answer, Fault fault) {
        String text;
        try {
            text = fault instanceof Fault.Malformed ? "\"" + answer.text() : JSON.writeValueAsString(answer.text());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (fault instanceof Fault.Disconnect || fault instanceof Fault.StallBody) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            int half = bytes.length / 2;
            List<byte[]> parts = List.of(java.util.Arrays.copyOfRange(bytes, 0, half),
                    java.util.Arrays.copyOfRange(bytes, half, bytes.length));
            Fault atHalf = fault instanceof Fault.Disconnect ? new Fault.Disconnect(1)
                    : new Fault.StallBody(1, ((Fault.StallBody) fault).duration());
            return headers("application/json").setHeader("Content-Length", bytes.length)
                    .socketHandler(SocketBody.ofBytes(parts, false, atHalf, Duration.ZERO, closing, () -> { })).build();
        }
        return json(200, text);
    }

    private MockResponse streamed(EchoModel.Answer answer, Fault fault) {
        List<byte[]> pieces = new ArrayList<>();
        answer.tokens().forEach(t -> pieces.add(t.getBytes(StandardCharsets.UTF_8)));
        if (fault instanceof Fault.Malformed) {
            // A lone continuation byte and a truncated sequence: not UTF-8 text.
            pieces.add(Math.min(1, pieces.size()), new byte[] {(byte) 0x80, (byte) 0xC3});
        }
        return headers("text/event-stream; charset=utf-8").removeHeader("Content-Length")
                .setHeader("Transfer-Encoding", "chunked")
                .socketHandler(SocketBody.ofBytes(pieces, true, fault, spacing, closing, () -> { })).build();
    }

    /** Faults that act before any answer; null when the fault acts on the body (or there is none). */
    private MockResponse before(Fault fault) throws InterruptedException {
        if (fault instanceof Fault.Status s) {
            String message = s.message() != null ? s.message() : defaultDetail(s.code());
            MockResponse.Builder b = detailBuilder(s.code(), message);
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

    /** The gateway's ValueError texts (lib/version.py, prompts/registry.py), which invoke.py answers with 400. */
    private String lookupFailure(String promptId, ModelFamily family, String version) {
        PromptLookup lookup = prompts.explain(promptId, family, version);
        List<String> available = lookup.familiesTried().stream().filter(f -> !f.versions().isEmpty())
                .reduce((a, b) -> b).map(PromptLookup.FamilyCheck::versions).orElse(List.of());
        if (available.isEmpty()) {
            return "Failed to load prompt definition for '" + promptId + "': Prompt definition directory not found: "
                    + "ai_gateway/prompts/definitions/" + promptId;
        }
        String failure = lookup.failure().orElse("");
        if (failure.contains("neither a version")) {
            return "Version '" + version + "' is not a valid PEP 440 constraint and no exact match found (available: "
                    + pyList(available) + ")";
        }
        return "No version matching '" + version + "' (available: " + pyList(available) + ")";
    }

    private static ModelFamily familyOf(JsonNode metadata) {
        if (metadata == null || !metadata.hasNonNull("name")) {
            return DEFAULT_FAMILY;
        }
        try {
            return ModelFamily.fromId(metadata.get("name").asText());
        } catch (IllegalArgumentException e) {
            // The gateway's ModelConfigMiddleware ignores metadata it cannot use: the default model answers.
            return DEFAULT_FAMILY;
        }
    }

    /** A feature for rendering: the gateway knows prompts, not the SDK's features. */
    private static Feature feature(String promptId) {
        return new Feature(promptId, promptId, ReleaseState.GA, "AI gateway", List.of(DEFAULT_FAMILY), List.of(),
                List.of(), promptId, DEFAULT_VERSION, List.of());
    }

    private static String defaultDetail(int code) {
        return switch (code) {
            case 401 -> "Forbidden by auth provider";
            case 403 -> "Unauthorized to access the prompt";
            case 404 -> "Prompt not found";
            case 421 -> "500: Internal Server Error";
            case 422 -> "Invalid version constraint";
            case 429 -> "Too many requests. Please try again later.";
            case 503 -> "Inference failed";
            default -> code >= 500 ? "Internal Server Error" : "Bad Request";
        };
    }

    private static String pySet(Set<String> names) {
        return "{" + String.join(", ", names.stream().map(n -> "'" + n + "'").toList()) + "}";
    }

    private static String pyList(java.util.Collection<String> names) {
        return "[" + String.join(", ", names.stream().map(n -> "'" + n + "'").toList()) + "]";
    }

    private MockResponse.Builder headers(String type) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", type)
                .setHeader("x-request-id", "aigw-" + ids.incrementAndGet());
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    private static MockResponse detail(int code, String message) {
        return detailBuilder(code, message).build();
    }

    private static MockResponse.Builder detailBuilder(int code, String message) {
        ObjectNode root = JSON.createObjectNode().put("detail", Objects.requireNonNull(message));
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(root.toString());
    }

    /** Releases stalled answers; the server is shutting down. */
    @Override
    public void close() {
        closing.countDown();
    }
}
