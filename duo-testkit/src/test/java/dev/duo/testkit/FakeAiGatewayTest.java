package dev.duo.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fake gateway speaks the gateway's API as a plain HTTP client sees it: paths, authentication,
 * bodies, the raw-text stream and the error bodies of {@code invoke.py} and {@code server.py}.
 */
class FakeAiGatewayTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String EXPLAIN = "{\"inputs\": {\"selected_text\": \"int x = 1;\", \"input\": \"\", \"file_name\": \"\","
            + " \"language\": \"\", \"file_content\": \"\"}, \"prompt_version\": \"^1.0.0\", \"stream\": %s}";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private FakeAiGateway gateway;

    @AfterEach
    void stop() {
        gateway.close();
    }

    private HttpResponse<String> post(String path, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(gateway.url().resolve(path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token).header("X-Gitlab-Authentication-Type", "oidc");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthNeedsNoToken() throws Exception {
        gateway = FakeAiGateway.builder().token("t").start();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(gateway.url().resolve("/monitoring/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void aWholeAnswerIsAJsonString() throws Exception {
        gateway = FakeAiGateway.builder().token("t").start();
        HttpResponse<String> r = post("/v1/prompts/chat/explain_code", EXPLAIN.formatted("false"), "t");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).contains("application/json"));
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.isTextual()).isTrue();
        assertThat(body.asText()).contains("int x = 1;");
    }

    @Test
    void aStreamIsRawTextNotSse() throws Exception {
        gateway = FakeAiGateway.builder().start();
        HttpRequest req = HttpRequest.newBuilder(gateway.url().resolve("/v1/prompts/chat/explain_code"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(EXPLAIN.formatted("true")))
                .build();
        HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        String text;
        try (InputStream in = r.body()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(text).contains("int x = 1;").doesNotContain("data:");
    }

    @Test
    void authenticationIsTheGatewaysMiddleware() throws Exception {
        gateway = FakeAiGateway.builder().token("t").start();
        HttpResponse<String> none = post("/v1/prompts/chat/explain_code", EXPLAIN.formatted("false"), null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(none.body()).get("error").asText()).isEqualTo("Header is missing: 'Authorization'");
        HttpResponse<String> wrong = post("/v1/prompts/chat/explain_code", EXPLAIN.formatted("false"), "other");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(gateway.promptCalls()).hasSize(2);
    }

    @Test
    void errorsHaveTheGatewaysStatusesAndDetails() throws Exception {
        gateway = FakeAiGateway.builder().denyPrompt("chat/refactor_code").start();
        assertThat(post("/v1/prompts/nope/nothing", "{\"inputs\": {}}", null))
                .satisfies(r -> assertThat(r.statusCode()).isEqualTo(400))
                .satisfies(r -> assertThat(r.body()).contains("Failed to load prompt definition for 'nope/nothing'"));
        assertThat(post("/v1/prompts/chat/explain_code", "{\"inputs\": {}, \"prompt_version\": \"^9.0.0\"}", null))
                .satisfies(r -> assertThat(r.statusCode()).isEqualTo(400))
                .satisfies(r -> assertThat(r.body()).contains("No version matching '^9.0.0'"));
        assertThat(post("/v1/prompts/chat/explain_code", "{\"inputs\": {}}", null))
                .satisfies(r -> assertThat(r.statusCode()).isEqualTo(422))
                .satisfies(r -> assertThat(r.body()).contains("missing variables").contains("selected_text"));
        assertThat(post("/v1/prompts/chat/explain_code", "{\"input\": {}}", null))
                .satisfies(r -> assertThat(r.statusCode()).isEqualTo(422))
                .satisfies(r -> assertThat(JSON.readTree(r.body()).get("detail").asText()).isEqualTo("Validation error"));
        assertThat(post("/v1/prompts/chat/refactor_code", "{\"inputs\": {}}", null))
                .satisfies(r -> assertThat(r.statusCode()).isEqualTo(403))
                .satisfies(r -> assertThat(r.body()).contains("Unauthorized to access 'chat/refactor_code'"));
    }

    @Test
    void aStatusFaultAnswersWithADetail() throws Exception {
        gateway = FakeAiGateway.builder()
                .faultPlan(FaultPlan.builder().next(Fault.status(421)).next(Fault.status(429).withRetryAfter(Duration.ofSeconds(2)))
                        .build()).start();
        HttpResponse<String> misdirected = post("/v1/prompts/chat/explain_code", EXPLAIN.formatted("false"), null);
        assertThat(misdirected.statusCode()).isEqualTo(421);
        assertThat(JSON.readTree(misdirected.body()).get("detail").asText()).isEqualTo("500: Internal Server Error");
        HttpResponse<String> limited = post("/v1/prompts/chat/explain_code", EXPLAIN.formatted("false"), null);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("retry-after")).hasValue("2");
    }

    @Test
    void modelMetadataTheGatewayCannotUseIsIgnoredAsItsMiddlewareDoes() throws Exception {
        gateway = FakeAiGateway.start();
        String body = EXPLAIN.formatted("false").replaceFirst("\\}$", ", \"model_metadata\": {\"provider\": \"openai\","
                + " \"name\": \"no_such_family\", \"identifier\": \"custom_openai/x\"}}");
        HttpResponse<String> r = post("/v1/prompts/chat/explain_code", body, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(gateway.promptCalls().get(0).body()).contains("no_such_family");
    }
}
