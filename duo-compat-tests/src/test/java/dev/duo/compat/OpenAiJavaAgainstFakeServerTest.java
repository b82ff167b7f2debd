package dev.duo.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionChoice;
import com.openai.models.completions.CompletionCreateParams;
import dev.duo.testkit.FakeOpenAiServer;
import dev.duo.testkit.Fault;
import dev.duo.testkit.FaultPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * OpenAI's own Java SDK, unmodified, against {@link FakeOpenAiServer}: if it parses the fake's
 * answers, streams and errors, the fake speaks the real protocol.
 */
class OpenAiJavaAgainstFakeServerTest {

    private FakeOpenAiServer server;
    private OpenAIClient client;

    private OpenAIClient clientFor(FakeOpenAiServer s) {
        server = s;
        client = OpenAIOkHttpClient.builder().baseUrl(s.endpoint().toString()).apiKey("test-key")
                .maxRetries(0).timeout(Duration.ofSeconds(20)).build();
        return client;
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static ChatCompletionCreateParams.Builder chat(String text) {
        return ChatCompletionCreateParams.builder().model("fake-model").addSystemMessage("Echo.").addUserMessage(text);
    }

    @Test
    void chatCompletion() {
        ChatCompletion c = clientFor(FakeOpenAiServer.start()).chat().completions().create(chat("hello there world").build());
        assertThat(c.choices().get(0).message().content()).contains("hello there world");
        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(c.usage().orElseThrow().completionTokens()).isEqualTo(3);
        assertThat(server.requests().get(0).header("Authorization")).isEqualTo("Bearer test-key");
    }

    @Test
    void maxTokensGivesLength() {
        ChatCompletion c = clientFor(FakeOpenAiServer.start()).chat().completions()
                .create(chat("one two three four").maxCompletionTokens(2).build());
        assertThat(c.choices().get(0).message().content()).contains("one two");
        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
    }

    @Test
    void streamingChatCompletion() {
        List<String> pieces = new ArrayList<>();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> s = clientFor(FakeOpenAiServer.start()).chat().completions()
                .createStreaming(chat("one two three").build())) {
            s.stream().forEach(chunk -> {
                chunks.add(chunk);
                chunk.choices().forEach(ch -> ch.delta().content().ifPresent(pieces::add));
            });
        }
        assertThat(String.join("", pieces)).isEqualTo("one two three");
        assertThat(chunks).anySatisfy(c -> assertThat(c.choices()).anySatisfy(ch ->
                assertThat(ch.finishReason()).contains(ChatCompletionChunk.Choice.FinishReason.STOP)));
    }

    @Test
    void legacyTextCompletion() {
        Completion c = clientFor(FakeOpenAiServer.start()).completions()
                .create(CompletionCreateParams.builder().model("fake-model").prompt("def fib(n):").maxTokens(1).build());
        assertThat(c.choices().get(0).text()).isEqualTo("def");
        assertThat(c.choices().get(0).finishReason()).isEqualTo(CompletionChoice.FinishReason.LENGTH);
    }

    @Test
    void errorsAreReadAsOpenAiErrors() {
        OpenAIClient c = clientFor(FakeOpenAiServer.builder().faultPlan(FaultPlan.builder()
                .next(Fault.status(429).withRetryAfter(Duration.ofSeconds(3)))
                .next(Fault.status(404).withMessage("no such model")).build()).start());
        assertThatThrownBy(() -> c.chat().completions().create(chat("x").build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.headers().values("Retry-After")).containsExactly("3");
                });
        assertThatThrownBy(() -> c.chat().completions().create(chat("x").build()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no such model");
    }
}
