package dev.duo.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duo.Completion;
import dev.duo.DuoClient;
import dev.duo.FeatureUnavailableException;
import dev.duo.FinishReason;
import dev.duo.InvalidInputException;
import dev.duo.MissingCredentialsException;
import dev.duo.ModelParams;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.DuoException;
import dev.duo.BlockingStream;
import dev.duo.testkit.FakeAiGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Features served through a running gateway, driven as a user would: a duo.yml written as the
 * README shows, {@code DuoClient.forFeature(...)}, whole and streamed answers.
 */
class ServedThroughGatewayTest {

    static final String TOKEN = "aigw-test-token-not-a-real-one";
    static final String VLLM_KEY = "vllm-test-key-not-a-real-one";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    FakeAiGateway gateway;
    DuoClient client;
    DuoClient.DefaultOverride asDefault;

    /** The README's duo.yml, pointed at the fake gateway. */
    static String duoYml(String url) {
        return """
                ai_gateway:
                  url: %s
                  token: ${AIGW_TOKEN}
                models:
                  - name: Codestral on vLLM
                    family: codestral
                    identifier: custom_openai/mistralai/Codestral-22B-v0.1
                    endpoint: http://vllm.internal:8000/v1
                    api_key: ${VLLM_API_KEY}
                features:
                  duo_chat_explain_code: { provider: vendored }
                  code_generations: { provider: self_hosted, model: Codestral on vLLM, via: ai_gateway }
                """.formatted(url);
    }

    @BeforeEach
    void start() throws IOException {
        gateway = FakeAiGateway.builder().token(TOKEN).start();
        Path yml = Files.writeString(dir.resolve("duo.yml"), duoYml(gateway.url().toString()));
        client = DuoClient.builder().configFile(yml)
                .environment(Map.of("AIGW_TOKEN", TOKEN, "VLLM_API_KEY", VLLM_KEY)).build();
        asDefault = DuoClient.overrideDefault(client);
    }

    @AfterEach
    void stop() {
        asDefault.close();
        client.close();
        gateway.close();
    }

    @Test
    void headersAnInterceptorAddsReachTheGateway() throws IOException {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        Path yml = Files.writeString(dir.resolve("traced.yml"), duoYml(gateway.url().toString()));
        try (DuoClient traced = DuoClient.builder().configFile(yml)
                .environment(Map.of("AIGW_TOKEN", TOKEN, "VLLM_API_KEY", VLLM_KEY))
                .interceptor((chain, listener) -> chain.proceed(
                        chain.request().toBuilder().header("traceparent", traceparent).build(), listener))
                .build()) {
            traced.feature("code_generations").generate(Map.of("user_instruction", "a parser"));
        }
        assertThat(gateway.promptCalls()).extracting(r -> r.header("traceparent")).containsExactly(traceparent);
    }

    @Test
    void aSelfHostedModelViaTheGatewayAnswersWhole() throws IOException {
        Completion c = DuoClient.forFeature("code_generations")
                .generate(Map.of("user_instruction", "write a fizzbuzz function", "language", "java"));

        assertThat(c.text()).contains("fizzbuzz");
        assertThat(c.finishReason()).isEqualTo(FinishReason.OTHER);
        assertThat(c.provenance()).hasValueSatisfying(p -> {
            assertThat(p.model()).isEqualTo("Codestral on vLLM");
            assertThat(p.platform()).isEqualTo("ai_gateway");
            assertThat(p.prompt()).contains("code_suggestions/generations");
        });
        FakeAiGateway.ReceivedRequest r = gateway.promptCalls().get(0);
        assertThat(r.path()).isEqualTo("/v1/prompts/code_suggestions/generations");
        assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(r.header("X-Gitlab-Authentication-Type")).isEqualTo("oidc");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("stream").asBoolean()).isFalse();
        assertThat(body.get("prompt_version").asText()).isEqualTo(client.features().get("code_generations").promptVersion());
        assertThat(body.get("inputs").get("user_instruction").asText()).isEqualTo("write a fizzbuzz function");
        JsonNode meta = body.get("model_metadata");
        assertThat(meta.get("provider").asText()).isEqualTo("openai");
        assertThat(meta.get("name").asText()).isEqualTo("codestral");
        assertThat(meta.get("endpoint").asText()).isEqualTo("http://vllm.internal:8000/v1");
        assertThat(meta.get("api_key").asText()).isEqualTo(VLLM_KEY);
        assertThat(meta.get("identifier").asText()).isEqualTo("custom_openai/mistralai/Codestral-22B-v0.1");
        assertThat(body.has("messages")).as("no locally rendered prompt is sent").isFalse();
    }

    @Test
    void aVendoredFeatureStreamsFromTheGatewaysOwnModel() throws Exception {
        List<String> chunks = new CopyOnWriteArrayList<>();
        CompletableFuture<Completion> done = new CompletableFuture<>();
        StreamHandle h = DuoClient.forFeature("duo_chat_explain_code").stream(
                Map.of("selected_text", "int add(int a, int b) { return a + b; }"), new StreamListener() {
                    @Override
                    public void onChunk(String text) {
                        chunks.add(text);
                    }

                    @Override
                    public void onComplete(Completion completion) {
                        done.complete(completion);
                    }

                    @Override
                    public void onError(DuoException error) {
                        done.completeExceptionally(error);
                    }
                });
        Completion c = done.get(20, TimeUnit.SECONDS);

        assertThat(h.isDone()).isTrue();
        assertThat(chunks.size()).isGreaterThan(2);
        assertThat(String.join("", chunks)).isEqualTo(c.text()).contains("add(int");
        JsonNode body = JSON.readTree(gateway.promptCalls().get(0).body());
        assertThat(gateway.promptCalls().get(0).path()).isEqualTo("/v1/prompts/chat/explain_code");
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.has("model_metadata")).as("vendored: the gateway's default model").isFalse();
        assertThat(body.get("inputs").get("input").asText()).as("an absent optional input is sent empty").isEmpty();
    }

    @Test
    void blockingStreamReadsTheGatewaysChunks() {
        try (BlockingStream s = DuoClient.forFeature("code_generations")
                .streamBlocking(Map.of("user_instruction", "sort a list"))) {
            StringBuilder text = new StringBuilder();
            s.forEachRemaining(text::append);
            assertThat(text.toString()).contains("sort a list");
        }
    }

    @Test
    void aTypoInAnInputNamesTheDeclaredOnesAndSendsNothing() {
        assertThatThrownBy(() -> DuoClient.forFeature("code_generations").generate(Map.of("user_instructions", "x")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown input(s) user_instructions")
                .hasMessageContaining("user_instruction (required)");
        assertThat(gateway.promptCalls()).isEmpty();
    }

    @Test
    void parameterOverridesAreRefusedNotDropped() {
        assertThatThrownBy(() -> DuoClient.forFeature("code_generations")
                .generate(Map.of("user_instruction", "x"), ModelParams.builder().maxTokens(5).build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("takes no model parameters")
                .hasMessageContaining("drop 'via: ai_gateway'");
        assertThat(gateway.promptCalls()).isEmpty();
    }

    @Test
    void anUnsetTokenVariableNamesTheSetting() throws IOException {
        Path yml = Files.writeString(dir.resolve("other.yml"), duoYml(gateway.url().toString()));
        try (DuoClient noToken = DuoClient.builder().configFile(yml).environment(Map.of("VLLM_API_KEY", VLLM_KEY)).build()) {
            assertThatThrownBy(() -> noToken.feature("duo_chat_explain_code").generate(Map.of("selected_text", "x")))
                    .isInstanceOf(MissingCredentialsException.class)
                    .hasMessageContaining("ai_gateway.token")
                    .hasMessageContaining("export AIGW_TOKEN=");
        }
    }

    @Test
    void withoutAGatewayVendoredAndViaSayHowToConfigureOne() throws IOException {
        Path yml = Files.writeString(dir.resolve("none.yml"), duoYml("x").replaceAll("(?s)ai_gateway:\\n.*?\\nmodels:", "models:"));
        try (DuoClient none = DuoClient.builder().configFile(yml).environment(Map.of("VLLM_API_KEY", VLLM_KEY)).build()) {
            assertThatThrownBy(() -> none.feature("duo_chat_explain_code").generate(Map.of("selected_text", "x")))
                    .isInstanceOf(FeatureUnavailableException.class)
                    .hasMessageContaining("no gateway is configured")
                    .hasMessageContaining("ai_gateway: { url:");
            assertThatThrownBy(() -> none.feature("code_generations").generate(Map.of("user_instruction", "x")))
                    .isInstanceOf(FeatureUnavailableException.class)
                    .hasMessageContaining("'via: ai_gateway'")
                    .hasMessageContaining("no gateway is configured");
        }
    }

    @Test
    void noSecretReachesAnErrorMessage() {
        // The gateway echoes nothing secret here, but the error path must never print the token or key.
        gateway.close();
        DuoException e = org.junit.jupiter.api.Assertions.assertThrows(DuoException.class,
                () -> client.feature("code_generations").generate(Map.of("user_instruction", "x")));
        assertThat(e.getMessage()).doesNotContain(TOKEN).doesNotContain(VLLM_KEY);
    }
}
