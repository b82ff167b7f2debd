package dev.duo.fireworks;

import dev.duo.spi.Attempt;
import dev.duo.model.Timeouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duo.Completion;
import dev.duo.DuoTimeoutException;
import dev.duo.FinishReason;
import dev.duo.InvalidResponseException;
import dev.duo.Message;
import dev.duo.ModelParams;
import dev.duo.ProviderUnavailableException;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.RequestMode;
import dev.duo.testkit.Fault;
import dev.duo.testkit.FakeOpenAiServer;
import dev.duo.testkit.FaultPlan;
import dev.duo.testkit.conformance.RecordingListener;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What goes over the wire, and how odd answers are read. */
class ClientWireTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider();
    private final MockWebServer raw = new MockWebServer();

    @AfterEach
    void close() {
        provider.close();
        raw.close();
    }

    private ModelClient clientFor(java.net.URI endpoint, String identifier) {
        return provider.createClient(TestModels.context(identifier, endpoint).build());
    }

    private ModelClient rawClient() throws IOException {
        raw.start();
        return clientFor(raw.url("/v1").uri(), "custom_openai/m");
    }

    private static ModelRequest chat(String text) {
        return ModelRequest.builder().messages(List.of(Message.user(text))).build();
    }

    private static MockResponse sse(String body) {
        return new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(body).build();
    }

    @Test
    void sendsOnlyWhatIsSetWithTheStrippedModelIdAndBearerKey() throws IOException {
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            ModelClient c = clientFor(server.endpoint(), "fireworks_ai/accounts/fireworks/models/mixtral-8x22b-instruct");
            ModelRequest r = ModelRequest.builder()
                    .messages(List.of(Message.system("Be terse."), Message.user("one two"), Message.assistant("one")))
                    .params(ModelParams.builder().maxTokens(64).stop(List.of("\n\n")).build()).build();
            Completion done = c.complete(r, Attempt.of(Timeouts.DEFAULTS));
            assertThat(done.requestId()).hasValueSatisfying(id -> assertThat(id).startsWith("req-chatcmpl-fake-"));
            assertThat(done.latency()).isPositive();
            FakeOpenAiServer.ReceivedRequest got = server.requests().get(0);
            assertThat(got.path()).isEqualTo("/v1/chat/completions");
            assertThat(got.header("Authorization")).isEqualTo("Bearer " + TestModels.KEY);
            JsonNode body = JSON.readTree(got.body());
            assertThat(body.get("model").asText()).isEqualTo("accounts/fireworks/models/mixtral-8x22b-instruct");
            assertThat(body.get("max_tokens").asInt()).isEqualTo(64);
            assertThat(body.get("stop").get(0).asText()).isEqualTo("\n\n");
            assertThat(body.has("temperature")).isFalse();
            assertThat(body.has("top_p")).isFalse();
            assertThat(body.has("stream")).isFalse();
            assertThat(body.get("messages")).hasSize(3);
            assertThat(body.get("messages").get(2).get("role").asText()).isEqualTo("assistant");
            assertThat(body.get("messages").get(2).get("content").asText()).isEqualTo("one");

            RecordingListener l = new RecordingListener();
            c.stream(chat("a b"), Attempt.of(Timeouts.DEFAULTS), l);
            l.awaitTerminal(WAIT);
            JsonNode streamed = JSON.readTree(server.requests().get(1).body());
            assertThat(streamed.get("stream").asBoolean()).isTrue();
            assertThat(streamed.get("stream_options").get("include_usage").asBoolean()).isTrue();
        }
    }

    @Test
    void textModeCallsCompletionsWithThePrompt() throws IOException {
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            ModelClient c = clientFor(server.endpoint(), "custom_openai/codellama");
            ModelRequest r = ModelRequest.builder().mode(RequestMode.TEXT).messages(List.of(Message.user("<PRE> def f"))).build();
            assertThat(c.complete(r, Attempt.of(Timeouts.DEFAULTS)).text()).isEqualTo("<PRE> def f");
            assertThat(server.requests().get(0).path()).isEqualTo("/v1/completions");
            assertThat(JSON.readTree(server.requests().get(0).body()).get("prompt").asText()).isEqualTo("<PRE> def f");
            RecordingListener l = new RecordingListener();
            c.stream(r, Attempt.of(Timeouts.DEFAULTS), l);
            assertThat(l.awaitTerminal(WAIT).text()).isEqualTo("<PRE> def f");
            assertThat(l.completion().usage().outputTokens()).isEqualTo(3);
        }
    }

    @Test
    void noAuthorizationHeaderWithoutAKey() {
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            ModelClient c = provider.createClient(dev.duo.spi.ProviderContext.builder(
                    TestModels.model("custom_openai/m", server.endpoint())).build());
            c.complete(chat("hi"), Attempt.of(Timeouts.DEFAULTS));
            assertThat(server.requests().get(0).header("Authorization")).isNull();
        }
    }

    @Test
    void usageOnTheFinishingChunkAndNoDone() throws IOException {
        ModelClient c = rawClient();
        raw.enqueue(sse("data: {\"id\":\"cmpl-1\",\"choices\":[{\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n"
                + "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}\n\n"));
        RecordingListener l = new RecordingListener();
        c.stream(chat("x"), Attempt.of(Timeouts.DEFAULTS), l);
        l.awaitTerminal(WAIT);
        assertThat(l.error()).isNull();
        assertThat(l.completion().text()).isEqualTo("Hi");
        assertThat(l.completion().finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(l.completion().usage().inputTokens()).isEqualTo(5);
        assertThat(l.completion().requestId()).contains("cmpl-1");
    }

    @Test
    void aStreamWithoutFinishOrDoneIsTruncatedAndRetryable() throws IOException {
        ModelClient c = rawClient();
        raw.enqueue(sse("data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n"));
        RecordingListener l = new RecordingListener();
        c.stream(chat("x"), Attempt.of(Timeouts.DEFAULTS), l);
        l.awaitTerminal(WAIT);
        assertThat(l.error()).isInstanceOf(InvalidResponseException.class).hasMessageContaining("ended the stream before");
        assertThat(l.error().retryable()).isTrue();
        assertThat(l.chunks()).containsExactly("Hi");
    }

    @Test
    void anErrorObjectInTheStreamIsAnErrorNotText() throws IOException {
        ModelClient c = rawClient();
        raw.enqueue(sse("data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n"
                + "data: {\"error\":{\"message\":\"model crashed\",\"code\":500}}\n\ndata: [DONE]\n\n"));
        RecordingListener l = new RecordingListener();
        c.stream(chat("x"), Attempt.of(Timeouts.DEFAULTS), l);
        l.awaitTerminal(WAIT);
        assertThat(l.error()).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("model crashed");
        assertThat(l.chunks()).containsExactly("Hi");
        assertThat(l.terminalCount()).isEqualTo(1);
    }

    @Test
    void aWrongContentTypeIsAnInvalidResponse() throws IOException {
        ModelClient c = rawClient();
        MockResponse html = new MockResponse.Builder().setHeader("Content-Type", "text/html").body("<html>login</html>").build();
        raw.enqueue(html);
        raw.enqueue(html);
        assertThatThrownBy(() -> c.complete(chat("x"), Attempt.of(Timeouts.DEFAULTS))).isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("text/html answer where JSON was expected");
        RecordingListener l = new RecordingListener();
        c.stream(chat("x"), Attempt.of(Timeouts.DEFAULTS), l);
        assertThat(l.awaitTerminal(WAIT).error()).isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("where an event stream was expected");
    }

    @Test
    void aServerIgnoringStreamTrueStillStreamsOneChunk() throws IOException {
        ModelClient c = rawClient();
        raw.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body("{\"id\":\"x\",\"choices\":[{\"message\":{\"content\":\"whole\"},\"finish_reason\":\"stop\"}]}").build());
        RecordingListener l = new RecordingListener();
        c.stream(chat("x"), Attempt.of(Timeouts.DEFAULTS), l);
        l.awaitTerminal(WAIT);
        assertThat(l.chunks()).containsExactly("whole");
        assertThat(l.completion().finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void malformedJsonIsAnInvalidResponse() throws IOException {
        ModelClient c = rawClient();
        raw.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body("{\"choices\": [").build());
        assertThatThrownBy(() -> c.complete(chat("x"), Attempt.of(Timeouts.DEFAULTS))).isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("a body that is not JSON");
    }

    @Test
    void theRequestTimeoutShortensTheAttempt() {
        try (FakeOpenAiServer server = FakeOpenAiServer.builder().faultPlan(FaultPlan.builder().next(Fault.stall()).build()).start()) {
            ModelClient c = clientFor(server.endpoint(), "custom_openai/m");
            ModelRequest r = chat("x").toBuilder().params(ModelParams.builder().timeout(Duration.ofMillis(200)).build()).build();
            assertThatThrownBy(() -> c.complete(r, Attempt.of(Timeouts.DEFAULTS))).isInstanceOf(DuoTimeoutException.class)
                    .hasMessageContaining("timeouts.attempt");
        }
    }

    @Test
    void connectionRefusedIsProviderUnavailable() throws IOException {
        raw.start();
        java.net.URI endpoint = raw.url("/v1").uri();
        raw.close();
        ModelClient c = clientFor(endpoint, "custom_openai/m");
        assertThatThrownBy(() -> c.complete(chat("x"), Attempt.of(Timeouts.DEFAULTS))).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("could not connect to The OpenAI-compatible server");
    }

    @Test
    void goesThroughTheConfiguredProxy() {
        try (FakeOpenAiServer proxy = FakeOpenAiServer.start()) {
            // No key: plain HTTP to a remote host is then allowed, and the fake answers as the proxy would relay.
            ModelClient c = provider.createClient(dev.duo.spi.ProviderContext.builder(
                            TestModels.model("custom_openai/m", java.net.URI.create("http://llm.example.invalid/v1")))
                    .http(new dev.duo.config.HttpSettings(java.net.URI.create("http://127.0.0.1:" + proxy.port()), null))
                    .build());
            assertThat(c.complete(chat("via proxy"), Attempt.of(Timeouts.DEFAULTS)).text()).isEqualTo("via proxy");
            assertThat(proxy.requests().get(0).header("Host")).isEqualTo("llm.example.invalid");
        }
    }
}
