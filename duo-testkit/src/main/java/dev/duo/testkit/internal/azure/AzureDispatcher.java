package dev.duo.testkit.internal.azure;

import dev.duo.spi.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duo.testkit.internal.openai.OpenAiDispatcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Consumer;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import okio.ByteString;

/**
 * Azure OpenAI in front of the fake OpenAI model: checks what Azure checks, in Azure's order
 * (credentials, then api-version, then deployment), answers Azure's error bodies, applies the
 * content filter, and hands a valid request to {@link OpenAiDispatcher} (rewritten to
 * {@code /v1/...}, the deployment as {@code model}) for the answer and the fault plan. Error answers
 * coming back are rewritten into Azure's shape ({@code {"error": {"code": "429", "message": ...}}})
 * with Azure's rate-limit headers.
 */
public final class AzureDispatcher extends Dispatcher {

    private static final ObjectMapper JSON = Json.mapper();

    private final OpenAiDispatcher answers;
    private final Set<String> deployments;
    private final Set<String> apiVersions;
    private final String apiKey;
    private final ContentFilter filter;
    private final Consumer<RecordedRequest> recorder;

    /**
     * A dispatcher.
     *
     * @param answers answers valid requests and applies the fault plan
     * @param deployments the deployment names that exist (empty: any)
     * @param apiVersions the api-versions the resource accepts in the deployment style
     * @param apiKey the key {@code api-key} must carry, or null for any non-empty one
     * @param filter the content filter
     * @param recorder receives every request
     */
    public AzureDispatcher(OpenAiDispatcher answers, Set<String> deployments, Set<String> apiVersions, String apiKey,
            ContentFilter filter, Consumer<RecordedRequest> recorder) {
        this.answers = answers;
        this.deployments = Set.copyOf(deployments);
        this.apiVersions = Set.copyOf(apiVersions);
        this.apiKey = apiKey;
        this.filter = filter;
        this.recorder = recorder;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        recorder.accept(request);
        String path = request.getUrl().encodedPath();
        String version = request.getUrl().queryParameter("api-version");
        String deployment;
        String operation;
        if (path.startsWith("/openai/deployments/")) {
            String rest = path.substring("/openai/deployments/".length());
            int slash = rest.indexOf('/');
            if (slash <= 0) {
                return error(404, "404", "Resource not found");
            }
            deployment = request.getUrl().pathSegments().get(2);
            operation = rest.substring(slash + 1);
            if (version == null) {
                return error(404, "404", "Resource not found");
            }
        } else if (path.startsWith("/openai/v1/")) {
            deployment = null;
            operation = path.substring("/openai/v1/".length());
            if (version != null && !version.equals("preview") && !version.equals("latest")) {
                return error(400, "BadRequest", "API version not supported");
            }
        } else {
            return error(404, "404", "Resource not found");
        }
        if (!"POST".equals(request.getMethod()) || !(operation.equals("chat/completions") || operation.equals("completions"))) {
            return error(404, "404", "Resource not found");
        }
        if (!authorized(request)) {
            return error(401, "401", "Access denied due to invalid subscription key or wrong API endpoint. Make sure to"
                    + " provide a valid key for an active subscription and use a correct regional API endpoint for your resource.");
        }
        if (deployment != null && !apiVersions.contains(version)) {
            return error(400, "BadRequest", "API version not supported");
        }
        ObjectNode body;
        try {
            String text = request.getBody() == null ? "" : request.getBody().string(StandardCharsets.UTF_8);
            JsonNode parsed = JSON.readTree(text);
            body = parsed instanceof ObjectNode o ? o : null;
        } catch (IOException e) {
            body = null;
        }
        if (body == null) {
            return error(400, "BadRequest", "We could not parse the JSON body of your request.");
        }
        if (deployment == null) {
            if (!body.hasNonNull("model")) {
                return error(400, "BadRequest", "Missing required parameter: 'model'.");
            }
            deployment = body.get("model").asText();
        } else {
            body.put("model", deployment);
        }
        if (!deployments.isEmpty() && !deployments.contains(deployment)) {
            return error(404, "DeploymentNotFound", "The API deployment for this resource does not exist. If you created"
                    + " the deployment within the last 5 minutes, please wait a moment and try again.");
        }
        MockResponse filtered = filter.apply(body, operation.equals("chat/completions"));
        if (filtered != null) {
            return filtered;
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        RecordedRequest rewritten = new RecordedRequest(request.getConnectionIndex(), request.getExchangeIndex(),
                request.getHandshake(), request.getHandshakeServerNames(), request.getMethod(),
                "/v1/" + operation, request.getVersion(),
                request.getUrl().newBuilder().encodedPath("/v1/" + operation).query(null).build(),
                request.getHeaders(), ByteString.of(bytes), bytes.length, request.getChunkSizes(), request.getFailure());
        return azureShaped(answers.dispatch(rewritten));
    }

    private boolean authorized(RecordedRequest request) {
        String key = request.getHeaders().get("api-key");
        String auth = request.getHeaders().get("Authorization");
        if (key != null && !key.isBlank()) {
            return apiKey == null || apiKey.equals(key);
        }
        if (auth != null && auth.startsWith("Bearer ") && auth.length() > 7) {
            return apiKey == null || apiKey.equals(auth.substring(7));
        }
        return false;
    }

    /** The fake OpenAI server's error answers (faults) in Azure's words and headers. */
    private static MockResponse azureShaped(MockResponse r) {
        if (r.getCode() < 400 || r.getSocketHandler() != null || r.getBody() == null) {
            return r;
        }
        String message;
        try {
            Buffer b = new Buffer();
            r.getBody().writeTo(b);
            message = JSON.readTree(b.readUtf8()).path("error").path("message").asText("");
        } catch (IOException e) {
            return r;
        }
        MockResponse.Builder out = r.newBuilder().body(azureError(String.valueOf(r.getCode()), message))
                .setHeader("apim-request-id", "apim-" + System.nanoTime());
        if (r.getCode() == 429) {
            out.setHeader("x-ratelimit-remaining-requests", "0").setHeader("x-ratelimit-remaining-tokens", "0")
                    .removeHeader("x-ratelimit-limit-requests").removeHeader("x-ratelimit-over-limit");
            String after = r.getHeaders().get("Retry-After");
            if (after != null) {
                out.setHeader("retry-after-ms", Long.toString(Long.parseLong(after) * 1000));
            }
        }
        return out.build();
    }

    static String azureError(String code, String message) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("code", code).put("message", message);
        return root.toString();
    }

    static MockResponse error(int status, String code, String message) {
        return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json")
                .setHeader("apim-request-id", "apim-" + System.nanoTime()).body(azureError(code, message)).build();
    }

    /** Releases what the answering dispatcher holds. */
    @Override
    public void close() {
        answers.close();
    }
}
