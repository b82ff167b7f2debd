package dev.duo.bedrock;

import dev.duo.spi.Attempt;
import dev.duo.model.Timeouts;

import static dev.duo.bedrock.Fixtures.context;
import static dev.duo.bedrock.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duo.Completion;
import dev.duo.FinishReason;
import dev.duo.Message;
import dev.duo.ModelParams;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelProvider;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.RequestMode;
import dev.duo.testkit.FakeBedrockServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Converse and ConverseStream through the real AWS SDK against the fake Bedrock server. */
class BedrockProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeBedrockServer bedrock;
    private static BedrockProvider provider;
    private static ModelClient client;

    @BeforeAll
    static void start() {
        bedrock = FakeBedrockServer.start();
        provider = new BedrockProvider();
        client = provider.createClient(context(bedrock.endpoint(), Fixtures.SIGV4_ENV));
    }

    @AfterAll
    static void stop() {
        provider.close();
        bedrock.close();
    }

    @BeforeEach
    void clear() {
        bedrock.clearRequests();
    }

    private static JsonNode lastBody() throws Exception {
        return JSON.readTree(bedrock.lastRequest().orElseThrow().body());
    }

    @Test
    void theProviderIsFoundThroughServiceLoaderForTheBedrockPlatform() {
        assertThat(ServiceLoader.load(ModelProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(BedrockProvider.class);
        assertThat(provider.platforms()).containsExactly("bedrock");
    }

    @Test
    void completeSendsConverseAndReadsTheAnswer() throws Exception {
        Completion c = client.complete(request("What is a monad?"), Attempt.of(Timeouts.DEFAULTS));

        assertThat(c.text()).isEqualTo("What is a monad?");
        assertThat(c.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(c.usage().inputTokens()).isPositive();
        assertThat(c.usage().outputTokens()).isPositive();
        assertThat(c.latency().toMillis()).isPositive();
        FakeBedrockServer.Request sent = bedrock.lastRequest().orElseThrow();
        assertThat(sent.operation()).isEqualTo("converse");
        assertThat(sent.modelId()).isEqualTo(Fixtures.MODEL_ID);
        assertThat(c.requestId()).isPresent().get().asString().startsWith("00000000-fake");
        JsonNode body = lastBody();
        assertThat(body.path("system").get(0).path("text").asText()).isEqualTo("Be terse.");
        assertThat(body.path("messages")).hasSize(1);
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("user");
        assertThat(body.path("messages").get(0).path("content").get(0).path("text").asText()).isEqualTo("What is a monad?");
        assertThat(body.has("inferenceConfig")).as("no parameter set, none sent").isFalse();
    }

    @Test
    void requestsAreSignedWithSigV4ForTheModelsRegionWithTheSessionToken() {
        client.complete(request("Hi"), Attempt.of(Timeouts.DEFAULTS));

        FakeBedrockServer.Request sent = bedrock.lastRequest().orElseThrow();
        assertThat(sent.authorization()).get().asString()
                .startsWith("AWS4-HMAC-SHA256 Credential=" + Fixtures.ACCESS_KEY + "/")
                .contains("/us-west-2/bedrock/aws4_request");
        assertThat(sent.header("x-amz-security-token")).contains(Fixtures.SESSION_TOKEN);
    }

    @Test
    void onlyTheParametersThatAreSetAreSentInInferenceConfig() throws Exception {
        client.complete(request("Hi", ModelParams.builder().maxTokens(300).temperature(0.25).build()), Attempt.of(Timeouts.DEFAULTS));
        JsonNode cfg = lastBody().path("inferenceConfig");
        assertThat(cfg.path("maxTokens").asInt()).isEqualTo(300);
        assertThat(cfg.path("temperature").asDouble()).isEqualTo(0.25);
        assertThat(cfg.has("topP")).isFalse();
        assertThat(cfg.has("stopSequences")).isFalse();

        client.complete(request("Hi", ModelParams.builder().topP(0.5).stop(List.of("END", "\n\n")).build()), Attempt.of(Timeouts.DEFAULTS));
        cfg = lastBody().path("inferenceConfig");
        assertThat(cfg.path("topP").asDouble()).isEqualTo(0.5);
        assertThat(cfg.path("stopSequences").toString()).isEqualTo("[\"END\",\"\\n\\n\"]");
        assertThat(cfg.has("maxTokens")).isFalse();
        assertThat(cfg.has("temperature")).isFalse();
    }

    @Test
    void maxTokensAndStopSequencesMapToTheirFinishReasons() {
        Completion cut = client.complete(request("Tell me everything you know", ModelParams.builder().maxTokens(3).build()), Attempt.of(Timeouts.DEFAULTS));
        assertThat(cut.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(cut.usage().outputTokens()).isEqualTo(3);

        Completion stopped = client.complete(request("alpha beta gamma", ModelParams.builder().stop(List.of("beta")).build()), Attempt.of(Timeouts.DEFAULTS));
        assertThat(stopped.finishReason()).isEqualTo(FinishReason.STOP_SEQUENCE);
        assertThat(stopped.text()).endsWith("alpha ").doesNotContain("beta");
    }

    @Test
    void aTrailingAssistantMessagePrefillsAndTurnsOfOneRoleAreMerged() throws Exception {
        client.complete(ModelRequest.builder().messages(List.of(
                Message.system("You write Java."), Message.user("First part."), Message.user("Second part."),
                Message.assistant("Sure:"), Message.user("Go on"), Message.assistant("```java\n"))).build(), Attempt.of(Timeouts.DEFAULTS));

        JsonNode messages = lastBody().path("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.get(0).path("content")).hasSize(2);
        assertThat(messages.get(3).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(3).path("content").get(0).path("text").asText())
                .as("trailing whitespace is stripped from a pre-fill, Bedrock refuses it").isEqualTo("```java");
    }

    @Test
    void aTextModeRequestIsSentAsOneUserMessage() throws Exception {
        client.complete(ModelRequest.builder().mode(RequestMode.TEXT)
                .messages(List.of(Message.user("<PRE> int add( <SUF> <MID>"))).build(), Attempt.of(Timeouts.DEFAULTS));
        JsonNode body = lastBody();
        assertThat(body.path("messages")).hasSize(1);
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("user");
        assertThat(body.has("system")).isFalse();
    }

    @Test
    void streamDeliversChunksAsTheyArriveThenOneCompletion() throws Exception {
        Fixtures.Recorder r = new Fixtures.Recorder();
        client.stream(request("Stream this answer please, word by word", ModelParams.builder().temperature(0.1).build()), Attempt.of(Timeouts.DEFAULTS), r);
        r.await();

        assertThat(r.error).isNull();
        assertThat(r.terminals.get()).isEqualTo(1);
        assertThat(r.chunks.size()).isGreaterThan(3);
        assertThat(String.join("", r.chunks)).isEqualTo(r.completion.text()).isEqualTo("Stream this answer please, word by word");
        assertThat(r.completion.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.completion.usage().outputTokens()).isEqualTo(r.chunks.size());
        assertThat(r.completion.requestId()).isPresent();
        FakeBedrockServer.Request sent = bedrock.lastRequest().orElseThrow();
        assertThat(sent.operation()).isEqualTo("converse-stream");
        assertThat(JSON.readTree(sent.body()).path("inferenceConfig").path("temperature").asDouble()).isEqualTo(0.1);
        assertThat(sent.authorization()).get().asString().startsWith("AWS4-HMAC-SHA256");
    }

    @Test
    void streamReportsLengthWhenMaxTokensCutsTheAnswer() throws Exception {
        Fixtures.Recorder r = new Fixtures.Recorder();
        client.stream(request("a long story", ModelParams.builder().maxTokens(2).build()), Attempt.of(Timeouts.DEFAULTS), r);
        r.await();
        assertThat(r.completion.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(r.chunks).hasSize(2);
    }

    @Test
    void aBedrockApiKeyInTheEnvironmentIsSentAsABearerToken() throws Exception {
        Map<String, String> env = new HashMap<>(Fixtures.SIGV4_ENV);
        env.put("AWS_BEARER_TOKEN_BEDROCK", Fixtures.BEARER);
        try (BedrockProvider p = new BedrockProvider(); ModelClient c = p.createClient(context(bedrock.endpoint(), env))) {
            c.complete(request("Hi"), Attempt.of(Timeouts.DEFAULTS));
            assertThat(bedrock.lastRequest().orElseThrow().authorization()).contains("Bearer " + Fixtures.BEARER);

            Fixtures.Recorder r = new Fixtures.Recorder();
            c.stream(request("Hi"), Attempt.of(Timeouts.DEFAULTS), r);
            r.await();
            assertThat(r.error).isNull();
            FakeBedrockServer.Request sent = bedrock.lastRequest().orElseThrow();
            assertThat(sent.authorization()).contains("Bearer " + Fixtures.BEARER);
            assertThat(sent.header("x-amz-security-token")).isEmpty();
        }
    }

    @Test
    void theEndpointCanComeFromTheEnvironmentAndTheRegionFromAwsRegion() {
        Map<String, String> env = new HashMap<>(Fixtures.SIGV4_ENV);
        env.put("AWS_BEDROCK_RUNTIME_ENDPOINT", bedrock.endpoint().toString());
        env.put("AWS_REGION", "eu-central-1");
        var model = dev.duo.model.SelfHostedModel.builder().name("Llama [Bedrock]")
                .family(dev.duo.model.ModelFamily.LLAMA3).identifier("bedrock/meta.llama3-1-8b-instruct-v1:0").build();
        try (BedrockProvider p = new BedrockProvider();
                ModelClient c = p.createClient(dev.duo.spi.ProviderContext.builder(model).environment(env).build())) {
            c.complete(request("Hi"), Attempt.of(Timeouts.DEFAULTS));
            FakeBedrockServer.Request sent = bedrock.lastRequest().orElseThrow();
            assertThat(sent.modelId()).isEqualTo("meta.llama3-1-8b-instruct-v1:0");
            assertThat(sent.authorization()).get().asString().contains("/eu-central-1/bedrock/aws4_request");
        }
    }
}
