package dev.duo.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duo.testkit.FakeOpenAiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The example service started for real, against a local OpenAI-compatible server, called over HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExplainApplicationTest {

    static final FakeOpenAiServer SERVER = FakeOpenAiServer.start();
    static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void duoConfig(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "explain-app-test"));
        Path file = dir.resolve("duo.yml");
        Files.writeString(file, """
                models:
                  - name: Local vLLM
                    family: mistral
                    identifier: mistralai/Mistral-7B-Instruct-v0.3
                    endpoint: %s
                    timeouts: { connect: 2s, attempt: 10s, total: 20s, idle: 10s }
                features:
                  duo_chat_explain_code: { provider: self_hosted, model: Local vLLM }
                """.formatted(SERVER.endpoint()));
        registry.add("duo.config-file", file::toString);
    }

    @AfterAll
    static void stop() {
        SERVER.close();
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Test
    void explainsASnippetThroughTheExplainCodeFeature() throws IOException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/explain?language=java"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("int twice(int x) { return 2 * x; }")));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("explanation").asText()).contains("return 2 * x");   // the fake echoes the prompt
        assertThat(body.path("model").asText()).isEqualTo("Local vLLM");
        assertThat(body.path("prompt").asText()).startsWith("chat/explain_code/");
        assertThat(SERVER.requests().get(SERVER.requestCount() - 1).body()).contains("twice");
    }

    @Test
    void anEmptySnippetIsABadRequestThatSaysWhy() throws IOException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/explain"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(" ")));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("error").asText()).contains("characters of code");
    }

    @Test
    void healthAndMetricsShowDuo() throws IOException {
        HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/actuator/health/duo")).GET());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("UP");

        send(HttpRequest.newBuilder(uri("/explain")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("x++")));
        HttpResponse<String> metric = send(HttpRequest.newBuilder(uri("/actuator/metrics/gen_ai.client.operation.duration")).GET());
        assertThat(metric.statusCode()).as(metric.body()).isEqualTo(200);
        assertThat(metric.body()).contains("duo_chat_explain_code");
    }
}
