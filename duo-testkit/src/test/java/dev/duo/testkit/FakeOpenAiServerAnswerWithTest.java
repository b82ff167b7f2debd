package dev.duo.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** A scripted fake answers what the script says, white space kept, limits applied as for the echo. */
class FakeOpenAiServerAnswerWithTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

    private JsonNode chat(FakeOpenAiServer server, String extra) throws IOException {
        String body = "{\"model\": \"judge\", \"messages\": [{\"role\": \"system\", \"content\": \"be fair\"},"
                + " {\"role\": \"user\", \"content\": \"rate <answer>quality=3</answer>\"}]" + extra + "}";
        try (Response r = http.newCall(new Request.Builder().url(server.endpoint() + "/chat/completions")
                .post(RequestBody.create(body, MediaType.get("application/json"))).build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            return JSON.readTree(r.body().string());
        }
    }

    @Test
    void answersFromTheScriptKeepingLineBreaks() throws Exception {
        try (FakeOpenAiServer server = FakeOpenAiServer.builder()
                .answerWith(p -> p.contains("quality=3") ? "Rating: 3\nReason:  good enough" : "Rating: 1").start()) {
            JsonNode whole = chat(server, "");
            assertThat(whole.at("/choices/0/message/content").asText()).isEqualTo("Rating: 3\nReason:  good enough");
            assertThat(whole.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
            assertThat(whole.at("/usage/completion_tokens").asInt()).isEqualTo(5); // Rating: | 3 | Reason: | good | enough

            JsonNode cut = chat(server, ", \"max_tokens\": 2");
            assertThat(cut.at("/choices/0/message/content").asText()).isEqualTo("Rating: 3");
            assertThat(cut.at("/choices/0/finish_reason").asText()).isEqualTo("length");
            assertThat(server.requestCount()).isEqualTo(2);
        }
    }
}
