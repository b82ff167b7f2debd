package dev.duo.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import dev.duo.spi.Attempt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duo.Completion;
import dev.duo.FinishReason;
import dev.duo.Message;
import dev.duo.ModelParams;
import dev.duo.model.Secret;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.ProviderContext;
import dev.duo.testkit.FakeVertexServer;
import dev.duo.testkit.conformance.RecordingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What goes over the wire to Vertex AI for Claude and Gemini, and how Google's auth library's tokens are used and refreshed. */
class VertexWireTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final VertexAiProvider provider = new VertexAiProvider();
    private FakeVertexServer fake;

    @AfterEach
    void close() {
        provider.close();
        if (fake != null) {
            fake.close();
        }
    }

    private static ModelRequest ask(String text) {
        return ModelRequest.builder().messages(List.of(Message.system("Be terse."), Message.user(text))).build();
    }

    @Test
    void claudeGoesToRawPredictWithAnthropicsBody() throws Exception {
        fake = FakeVertexServer.builder().start();
        ModelClient c = provider.createClient(VertexModels.withKeyFile(fake, VertexModels.claude(fake, VertexModels.TIMEOUTS)));
        Completion answer = c.complete(ask("hello claude"), Attempt.of(VertexModels.TIMEOUTS));
        assertThat(answer.text()).isEqualTo("hello claude");
        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(answer.requestId()).hasValueSatisfying(id -> assertThat(id).startsWith("msg_vrtx_"));
        FakeVertexServer.ReceivedRequest r = fake.requests().get(0);
        assertThat(r.path()).isEqualTo("/v1/projects/fake-project/locations/us-east5/publishers/anthropic/models/"
                + VertexModels.CLAUDE + ":rawPredict");
        assertThat(r.header("Authorization")).startsWith("Bearer ya29.fake-");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("anthropic_version").asText()).isEqualTo("vertex-2023-10-16");
        assertThat(body.has("model")).as("Vertex takes the model from the path").isFalse();
        assertThat(body.path("system").asText()).isEqualTo("Be terse.");
        assertThat(body.path("max_tokens").asInt()).as("Anthropic requires max_tokens").isEqualTo(4096);
        assertThat(body.path("messages").size()).isEqualTo(1);

        RecordingListener l = new RecordingListener();
        c.stream(ask("one two three"), Attempt.of(VertexModels.TIMEOUTS), l);
        l.awaitTerminal(WAIT);
        assertThat(l.error()).isNull();
        assertThat(l.chunks()).containsExactly("one", " two", " three");
        assertThat(fake.requests().get(1).path()).endsWith(":streamRawPredict");
        assertThat(JSON.readTree(fake.requests().get(1).body()).path("stream").asBoolean()).isTrue();
    }

    @Test
    void extraHeadersOfTheRequestAreSentAsTheyAre() {
        fake = FakeVertexServer.builder().start();
        ModelClient c = provider.createClient(VertexModels.withKeyFile(fake, VertexModels.claude(fake, VertexModels.TIMEOUTS)));
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        ModelRequest traced = ask("hello").toBuilder().header("traceparent", traceparent).build();
        c.complete(traced, Attempt.of(VertexModels.TIMEOUTS));
        RecordingListener l = new RecordingListener();
        c.stream(traced, Attempt.of(VertexModels.TIMEOUTS), l);
        l.awaitTerminal(WAIT);
        assertThat(fake.requests()).extracting(r -> r.header("traceparent")).containsExactly(traceparent, traceparent);
    }

    @Test
    void geminiGoesToGenerateContentAndStreamsAsSse() throws Exception {
        fake = FakeVertexServer.builder().start();
        ModelClient c = provider.createClient(VertexModels.withKeyFile(fake, VertexModels.gemini(fake, VertexModels.TIMEOUTS)));
        ModelRequest r = ask("hello gemini").toBuilder()
                .params(ModelParams.builder().maxTokens(64).temperature(0.2).stop(List.of("END")).build()).build();
        assertThat(c.complete(r, Attempt.of(VertexModels.TIMEOUTS)).text()).isEqualTo("hello gemini");
        FakeVertexServer.ReceivedRequest whole = fake.requests().get(0);
        assertThat(whole.path()).isEqualTo("/v1/projects/fake-project/locations/us-central1/publishers/google/models/"
                + VertexModels.GEMINI + ":generateContent");
        JsonNode body = JSON.readTree(whole.body());
        assertThat(body.path("contents").get(0).path("role").asText()).isEqualTo("user");
        assertThat(body.path("systemInstruction").path("parts").get(0).path("text").asText()).isEqualTo("Be terse.");
        assertThat(body.path("generationConfig").path("maxOutputTokens").asInt()).isEqualTo(64);
        assertThat(body.path("generationConfig").path("stopSequences").get(0).asText()).isEqualTo("END");

        RecordingListener l = new RecordingListener();
        c.stream(ask("one two three"), Attempt.of(VertexModels.TIMEOUTS), l);
        l.awaitTerminal(WAIT);
        assertThat(l.error()).isNull();
        assertThat(l.text()).isEqualTo("one two three");
        assertThat(l.completion().usage().outputTokens()).isEqualTo(3);
        FakeVertexServer.ReceivedRequest streamed = fake.requests().get(1);
        assertThat(streamed.path()).endsWith(":streamGenerateContent");
        assertThat(streamed.query()).isEqualTo("alt=sse");
    }

    @Test
    void aTokenIsFetchedOnceAndReusedWhileFresh() {
        fake = FakeVertexServer.builder().start();
        ModelClient c = provider.createClient(VertexModels.withKeyFile(fake, VertexModels.claude(fake, VertexModels.TIMEOUTS)));
        c.complete(ask("a"), Attempt.of(VertexModels.TIMEOUTS));
        c.complete(ask("b"), Attempt.of(VertexModels.TIMEOUTS));
        assertThat(fake.tokenRequests()).isEqualTo(1);
        assertThat(fake.requests().get(1).header("Authorization")).isEqualTo(fake.requests().get(0).header("Authorization"));
    }

    @Test
    void aTokenNearItsExpiryIsRefreshedBeforeUse() {
        // 60 s left is inside the library's refresh margin: it must get a new token before the next call.
        fake = FakeVertexServer.builder().tokenLifetime(Duration.ofSeconds(60)).start();
        ModelClient c = provider.createClient(VertexModels.withKeyFile(fake, VertexModels.gemini(fake, VertexModels.TIMEOUTS)));
        c.complete(ask("a"), Attempt.of(VertexModels.TIMEOUTS));
        c.complete(ask("b"), Attempt.of(VertexModels.TIMEOUTS));
        assertThat(fake.tokenRequests()).isEqualTo(2);
        assertThat(fake.requests().get(1).header("Authorization")).isNotEqualTo(fake.requests().get(0).header("Authorization"));
    }

    @Test
    void googleApplicationCredentialsNamesTheKeyFile() throws Exception {
        fake = FakeVertexServer.builder().start();
        Path key = Files.writeString(dir.resolve("sa.json"), fake.serviceAccountJson());
        // No project on the model: the service account's own project is used.
        ProviderContext ctx = ProviderContext.builder(VertexModels.claude(fake, VertexModels.TIMEOUTS).project(null).build())
                .environment(Map.of("GOOGLE_APPLICATION_CREDENTIALS", key.toString())).build();
        assertThat(provider.createClient(ctx).complete(ask("hi"), Attempt.of(VertexModels.TIMEOUTS)).text()).isEqualTo("hi");
        assertThat(fake.requests().get(0).path()).startsWith("/v1/projects/" + FakeVertexServer.PROJECT + "/");
        assertThat(fake.tokenRequests()).isEqualTo(1);
    }

    @Test
    void anAccessTokenFromTheEnvironmentOrApiKeyIsUsedAsItIs() {
        fake = FakeVertexServer.builder().acceptToken("ya29.from-gcloud").acceptToken("ya29.from-api-key").start();
        ProviderContext env = ProviderContext.builder(VertexModels.gemini(fake, VertexModels.TIMEOUTS).build())
                .environment(Map.of("GOOGLE_OAUTH_ACCESS_TOKEN", "ya29.from-gcloud")).build();
        provider.createClient(env).complete(ask("hi"), Attempt.of(VertexModels.TIMEOUTS));
        ProviderContext key = ProviderContext.builder(VertexModels.gemini(fake, VertexModels.TIMEOUTS).build())
                .apiKey(Secret.of("ya29.from-api-key")).build();
        provider.createClient(key).complete(ask("hi"), Attempt.of(VertexModels.TIMEOUTS));
        assertThat(fake.requests()).extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer ya29.from-gcloud", "Bearer ya29.from-api-key");
        assertThat(fake.tokenRequests()).isZero();
    }

    @Test
    void locationIsTheRegionAndGlobalHasNoRegionalHost() {
        fake = FakeVertexServer.builder().start();
        ModelClient c = provider.createClient(VertexModels.withKeyFile(fake,
                VertexModels.gemini(fake, VertexModels.TIMEOUTS).region("global")));
        c.complete(ask("hi"), Attempt.of(VertexModels.TIMEOUTS));
        assertThat(fake.requests().get(0).path()).contains("/locations/global/");
    }
}
