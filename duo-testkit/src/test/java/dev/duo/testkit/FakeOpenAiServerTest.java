package dev.duo.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake speaks OpenAI's wire format, checked with a plain HTTP client. */
class FakeOpenAiServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    private FakeOpenAiServer server;

    @AfterEach
    void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        if (server != null) {
            server.close();
        }
    }

    private Response post(String path, String body) throws IOException {
        return http.newCall(new Request.Builder().url(server.endpoint() + path)
                .header("Authorization", "Bearer k")
                .post(RequestBody.create(body, MediaType.get("application/json"))).build()).execute();
    }

    @Test
    void answersChatWithAnEchoAndUsage() throws IOException {
        server = FakeOpenAiServer.start();
        assertThat(server.endpoint().toString()).startsWith("http://127.0.0.1:").endsWith("/v1");
        try (Response r = post("/chat/completions",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief\"},{\"role\":\"user\",\"content\":\"hello there world\"}]}")) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.header("Content-Type")).startsWith("application/json");
            assertThat(r.header("x-request-id")).startsWith("req-chatcmpl-fake-");
            JsonNode body = JSON.readTree(r.body().string());
            assertThat(body.get("object").asText()).isEqualTo("chat.completion");
            assertThat(body.at("/choices/0/message/role").asText()).isEqualTo("assistant");
            assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("hello there world");
            assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
            assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(5);
            assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(3);
        }
        assertThat(server.requests()).hasSize(1);
        assertThat(server.requests().get(0).header("authorization")).isEqualTo("Bearer k");
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void honoursMaxTokensAndStop() throws IOException {
        server = FakeOpenAiServer.start();
        try (Response r = post("/completions", "{\"model\":\"m\",\"prompt\":\"a b c d\",\"max_tokens\":2}")) {
            JsonNode body = JSON.readTree(r.body().string());
            assertThat(body.at("/choices/0/text").asText()).isEqualTo("a b");
            assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        }
        try (Response r = post("/completions", "{\"model\":\"m\",\"prompt\":\"a b c d\",\"stop\":\"c\"}")) {
            JsonNode body = JSON.readTree(r.body().string());
            assertThat(body.at("/choices/0/text").asText()).isEqualTo("a b ");
            assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        }
    }

    @Test
    void streamsServerSentEvents() throws IOException {
        server = FakeOpenAiServer.start();
        try (Response r = post("/chat/completions", "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x y\"}]}")) {
            assertThat(r.header("Content-Type")).isEqualTo("text/event-stream");
            List<String> data = new ArrayList<>();
            String line;
            while ((line = r.body().source().readUtf8Line()) != null) {
                if (line.startsWith("data: ")) {
                    data.add(line.substring(6));
                } else {
                    assertThat(line).isEmpty();
                }
            }
            assertThat(data).hasSize(5).last().isEqualTo("[DONE]");
            assertThat(JSON.readTree(data.get(0)).at("/choices/0/delta/content").asText()).isEqualTo("x");
            assertThat(JSON.readTree(data.get(0)).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
            assertThat(JSON.readTree(data.get(1)).at("/choices/0/delta/content").asText()).isEqualTo(" y");
            assertThat(JSON.readTree(data.get(2)).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
            assertThat(JSON.readTree(data.get(3)).get("choices")).isEmpty();
            assertThat(JSON.readTree(data.get(3)).at("/usage/completion_tokens").asInt()).isEqualTo(2);
        }
    }

    @Test
    void failsOnCueInOpenAiFormat() throws IOException {
        server = FakeOpenAiServer.builder().faultPlan(FaultPlan.builder()
                .next(Fault.status(429).withRetryAfter(Duration.ofMillis(1500)))
                .next(Fault.status(503).withMessage("overloaded")).build()).start();
        String chat = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        try (Response r = post("/chat/completions", chat)) {
            assertThat(r.code()).isEqualTo(429);
            assertThat(r.header("Retry-After")).isEqualTo("2");
            assertThat(r.header("x-ratelimit-over-limit")).isEqualTo("yes");
            assertThat(JSON.readTree(r.body().string()).at("/error/type").asText()).isEqualTo("rate_limit_error");
        }
        try (Response r = post("/chat/completions", chat)) {
            assertThat(r.code()).isEqualTo(503);
            assertThat(JSON.readTree(r.body().string()).at("/error/message").asText()).isEqualTo("overloaded");
        }
        try (Response r = post("/chat/completions", chat)) {
            assertThat(r.code()).isEqualTo(200);
        }
    }

    @Test
    void dropsTheConnectionMidStreamOnCue() throws IOException {
        server = FakeOpenAiServer.builder().faultPlan(FaultPlan.builder().next(Fault.disconnectAfterChunks(1)).build()).start();
        try (Response r = post("/chat/completions", "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x y z\"}]}")) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.body().source().readUtf8Line()).startsWith("data: {");
            assertThatThrownBy(() -> r.body().string()).isInstanceOf(IOException.class);
        }
    }

    @Test
    void rejectsWhatARealServerRejects() throws IOException {
        server = FakeOpenAiServer.start();
        try (Response r = post("/chat/completions", "{not json")) {
            assertThat(r.code()).isEqualTo(400);
        }
        try (Response r = post("/chat/completions", "{\"model\":\"m\"}")) {
            assertThat(r.code()).isEqualTo(400);
            assertThat(r.body().string()).contains("'messages' is a required property");
        }
        try (Response r = post("/embeddings", "{\"model\":\"m\"}")) {
            assertThat(r.code()).isEqualTo(404);
            assertThat(r.body().string()).contains("Unknown request URL: POST /v1/embeddings");
        }
        try (Response r = http.newCall(new Request.Builder().url(server.endpoint() + "/models").build()).execute()) {
            assertThat(JSON.readTree(r.body().string()).at("/data/0/id").asText()).isEqualTo("fake-model");
        }
    }
}
