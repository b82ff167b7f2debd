package dev.duo.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.DuoClient;
import dev.duo.micrometer.DuoMicrometer;
import dev.duo.testkit.FakeOpenAiServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A real application with a web server on a random port, Actuator, a MeterRegistry and an
 * OpenTelemetry bean, against a real local OpenAI-compatible server: the starter's whole wiring.
 */
@SpringBootTest(classes = {TestApp.class, StarterWebTest.Telemetry.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.endpoints.web.exposure.include=health,duo",
                "management.endpoint.health.show-details=always"})
class StarterWebTest {

    static final FakeOpenAiServer SERVER = FakeOpenAiServer.start();
    static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

    @DynamicPropertySource
    static void duoConfig(DynamicPropertyRegistry registry) {
        Path file = Yaml.write(Path.of("target", "starter-web-test"), SERVER.endpoint());
        registry.add("duo.config-file", file::toString);
    }

    @AfterAll
    static void stopServer() {
        SERVER.close();
    }

    @TestConfiguration
    static class Telemetry {
        @Bean(destroyMethod = "close")
        OpenTelemetrySdk openTelemetry() {
            return OpenTelemetrySdk.builder()
                    .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build())
                    .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                    .build();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    DuoClient duo;
    @Autowired
    MeterRegistry meters;
    @Autowired
    OpenTelemetry openTelemetry;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theBeanIsTheDefaultOfForFeatureOnEveryThreadAndItsCallsAreMeasuredAndTraced() throws Exception {
        int before = SERVER.requestCount();
        SPANS.reset();
        var pool = Executors.newSingleThreadExecutor();
        try {
            String answer = CompletableFuture.supplyAsync(() -> new TestApp.Explainer().explain("int twice(int x)"), pool)
                    .get();
            assertThat(answer).contains("int twice(int x)");   // the fake echoes the prompt
        } finally {
            pool.shutdownNow();
        }
        assertThat(SERVER.requestCount()).isEqualTo(before + 1);

        assertThat(meters.get(DuoMicrometer.OPERATION_DURATION).tag("duo.feature", "duo_chat_explain_code")
                .timer().count()).isPositive();
        SpanData span = SPANS.getFinishedSpanItems().stream().filter(s -> s.getName().startsWith("chat "))
                .findFirst().orElseThrow();
        String traceparent = SERVER.requests().get(SERVER.requestCount() - 1).header("traceparent");
        assertThat(traceparent).contains(span.getTraceId()).contains(span.getSpanId());
    }

    @Test
    void theHealthEndpointReportsEachFeatureOverHttpWithoutCallingTheModel() throws Exception {
        int before = SERVER.requestCount();
        HttpResponse<String> r = get("/actuator/health");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        var duoHealth = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("components").path("duo");
        assertThat(duoHealth.path("status").asText()).isEqualTo("UP");
        var features = duoHealth.path("details").path("features");
        assertThat(features.path("duo_chat_explain_code").path("status").asText()).isEqualTo("ok");
        assertThat(features.path("duo_chat_explain_code").path("model").asText()).isEqualTo("Local vLLM");
        assertThat(features.path("duo_chat_explain_code").path("prompt").asText()).startsWith("chat/explain_code/");
        assertThat(features.path("duo_chat").path("status").asText()).isEqualTo("disabled");
        assertThat(SERVER.requestCount()).isEqualTo(before);
    }

    @Test
    void theDuoEndpointListsFeaturesSettingsAndModelsAndNeverASecret() throws Exception {
        HttpResponse<String> r = get("/actuator/duo");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"key\":\"duo_chat_explain_code\"", "\"provider\":\"self_hosted\"",
                "\"model\":\"Local vLLM\"", "\"name\":\"Literal\"", "\"api_key\":\"<literal>\"",
                "\"beta_models_enabled\":false", "\"used_by\":[\"duo_chat_explain_code\"]");
        assertThat(r.body()).doesNotContain(Yaml.LITERAL_KEY);
    }

    @Test
    void theClientComesFromTheConfigFileProperty() {
        assertThat(duo.config().source()).hasValueSatisfying(s -> assertThat(s).contains("starter-web-test"));
        assertThat(duo.config().models().names()).containsExactly("Local vLLM", "Literal");
    }
}
