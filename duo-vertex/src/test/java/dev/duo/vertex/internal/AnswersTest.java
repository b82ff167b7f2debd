package dev.duo.vertex.internal;

import static org.assertj.core.api.Assertions.assertThat;
import dev.duo.spi.Attempt;

import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.FinishReason;
import dev.duo.Message;
import dev.duo.ProviderUnavailableException;
import dev.duo.model.ModelFamily;
import dev.duo.model.Secret;
import dev.duo.model.SelfHostedModel;
import dev.duo.model.Timeouts;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.ProviderContext;
import dev.duo.testkit.conformance.RecordingListener;
import dev.duo.vertex.VertexAiProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Answers the fake never sends: safety blocks, refusals, and an error event in the middle of a Claude stream. */
class AnswersTest {

    private final MockWebServer server = new MockWebServer();
    private final VertexAiProvider provider = new VertexAiProvider();

    @BeforeEach
    void start() throws IOException {
        server.start();
    }

    @AfterEach
    void stop() {
        provider.close();
        server.close();
    }

    private ModelClient client(String id, ModelFamily family) {
        SelfHostedModel m = SelfHostedModel.builder().name("m").family(family).identifier("vertex_ai/" + id)
                .project("p-123456").region("us-east5").endpoint(server.url("/").uri())
                .timeouts(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(10)))
                .build();
        return provider.createClient(ProviderContext.builder(m).apiKey(Secret.of("ya29.answers-test")).build());
    }

    private static ModelRequest ask() {
        return ModelRequest.builder().messages(List.of(Message.user("hi"))).build();
    }

    private void json(String body) {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(body).build());
    }

    @Test
    void geminiSafetyStopsAreContentFilter() {
        json("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"partial\"}]},\"finishReason\":\"SAFETY\"}],"
                + "\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":1}}");
        Completion c = client("gemini-2.0-flash-001", ModelFamily.GEMINI).complete(ask(), Attempt.of(Timeouts.DEFAULTS));
        assertThat(c.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(c.text()).isEqualTo("partial");
    }

    @Test
    void aBlockedGeminiPromptIsContentFilterWithNoText() {
        json("{\"promptFeedback\":{\"blockReason\":\"SAFETY\"},\"usageMetadata\":{\"promptTokenCount\":3}}");
        Completion c = client("gemini-2.0-flash-001", ModelFamily.GEMINI).complete(ask(), Attempt.of(Timeouts.DEFAULTS));
        assertThat(c.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(c.text()).isEmpty();
    }

    @Test
    void aClaudeRefusalIsContentFilter() {
        json("{\"id\":\"msg_1\",\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"\"}],\"stop_reason\":\"refusal\","
                + "\"usage\":{\"input_tokens\":3,\"output_tokens\":0}}");
        assertThat(client("claude-sonnet-4@20250514", ModelFamily.CLAUDE_3).complete(ask(), Attempt.of(Timeouts.DEFAULTS)).finishReason())
                .isEqualTo(FinishReason.CONTENT_FILTER);
    }

    @Test
    void anOverloadedErrorEventMidStreamIsOneRetryableError() {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_2\",\"usage\":{\"input_tokens\":1}}}\n\n"
                        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}\n\n"
                        + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n")
                .build());
        RecordingListener l = new RecordingListener();
        client("claude-sonnet-4@20250514", ModelFamily.CLAUDE_3).stream(ask(), Attempt.of(Timeouts.DEFAULTS), l);
        DuoException e = l.awaitTerminal(Duration.ofSeconds(20)).error();
        assertThat(l.chunks()).containsExactly("Hel");
        assertThat(e).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("inside the stream: Overloaded");
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void aClaudeStreamWithoutMessageStopIsTruncated() {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}\n\n").build());
        RecordingListener l = new RecordingListener();
        client("claude-sonnet-4@20250514", ModelFamily.CLAUDE_3).stream(ask(), Attempt.of(Timeouts.DEFAULTS), l);
        DuoException e = l.awaitTerminal(Duration.ofSeconds(20)).error();
        assertThat(e).hasMessageContaining("ended the stream before the answer was finished (no message_stop event)");
        assertThat(e.retryable()).isTrue();
    }
}
