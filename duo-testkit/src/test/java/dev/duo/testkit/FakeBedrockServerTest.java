package dev.duo.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;

/** The fake Bedrock server's wire format, seen with a plain HTTP client (the provider tests use the AWS SDK). */
class FakeBedrockServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static FakeBedrockServer bedrock;

    @BeforeAll
    static void start() {
        bedrock = FakeBedrockServer.start();
    }

    @AfterAll
    static void stop() {
        bedrock.close();
    }

    @AfterEach
    void reset() {
        bedrock.faultPlan(FaultPlan.none());
        bedrock.streamErrorsInBand(-1);
        bedrock.clearRequests();
    }

    private static HttpResponse<byte[]> post(String path, String body, boolean signed) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(bedrock.endpoint() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (signed) {
            b.header("Authorization", "Bearer test-token");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String ask(String text, String inference) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"" + text + "\"}]}]"
                + (inference == null ? "" : ",\"inferenceConfig\":" + inference) + "}";
    }

    @Test
    void converseAnswersJsonDerivedFromTheRequestAndRecordsIt() throws Exception {
        HttpResponse<byte[]> r = post("/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse", ask("hello fake", null), true);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.at("/output/message/content/0/text").asText()).isEqualTo("hello fake");
        assertThat(body.path("stopReason").asText()).isEqualTo("end_turn");
        assertThat(body.at("/usage/outputTokens").asInt()).isPositive();
        assertThat(body.at("/metrics/latencyMs").asLong()).isPositive();
        FakeBedrockServer.Request sent = bedrock.lastRequest().orElseThrow();
        assertThat(sent.operation()).isEqualTo("converse");
        assertThat(sent.modelId()).isEqualTo("anthropic.claude-3-5-haiku-20241022-v1:0");
        assertThat(sent.authorization()).contains("Bearer test-token");
    }

    @Test
    void answersAreDeterministicAndHonourMaxTokensAndStopSequences() throws Exception {
        String a = new String(post("/model/m/converse", ask("same question", null), true).body(), StandardCharsets.UTF_8);
        String b = new String(post("/model/m/converse", ask("same question", null), true).body(), StandardCharsets.UTF_8);
        assertThat(a).isEqualTo(b);

        JsonNode cut = JSON.readTree(post("/model/m/converse", ask("one two three", "{\"maxTokens\":2}"), true).body());
        assertThat(cut.path("stopReason").asText()).isEqualTo("max_tokens");
        assertThat(cut.at("/usage/outputTokens").asInt()).isEqualTo(2);

        JsonNode stopped = JSON.readTree(post("/model/m/converse", ask("one two", "{\"stopSequences\":[\"two\"]}"), true).body());
        assertThat(stopped.path("stopReason").asText()).isEqualTo("stop_sequence");
        assertThat(stopped.at("/output/message/content/0/text").asText()).isEqualTo("one ");
    }

    @Test
    void converseStreamSendsEventStreamFramesInBedrocksOrder() throws Exception {
        HttpResponse<byte[]> r = post("/model/m/converse-stream", ask("stream me", null), true);

        assertThat(r.headers().firstValue("Content-Type")).contains("application/vnd.amazon.eventstream");
        List<Message> frames = new MessageDecoder().feed(java.nio.ByteBuffer.wrap(r.body())).getDecodedMessages();
        List<String> types = frames.stream().map(m -> m.getHeaders().get(":event-type").getString()).toList();
        assertThat(types.get(0)).isEqualTo("messageStart");
        assertThat(types.subList(types.size() - 3, types.size())).containsExactly("contentBlockStop", "messageStop", "metadata");
        assertThat(types.subList(1, types.size() - 3)).isNotEmpty().allMatch("contentBlockDelta"::equals);
        String text = frames.subList(1, frames.size() - 3).stream()
                .map(m -> json(m).at("/delta/text").asText()).collect(Collectors.joining());
        assertThat(text).isEqualTo("stream me");
        assertThat(json(frames.get(frames.size() - 1)).at("/usage/outputTokens").asInt()).isEqualTo(frames.size() - 4);
    }

    @Test
    void aStatusFaultIsTheMatchingBedrockErrorAndAMessageCanNameTheException() throws Exception {
        bedrock.faultPlan(FaultPlan.builder().next(Fault.status(429))
                .next(Fault.status(400).withMessage("ServiceQuotaExceededException: quota")).build());

        HttpResponse<byte[]> throttled = post("/model/m/converse", ask("x", null), true);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("x-amzn-ErrorType")).get().asString().startsWith("ThrottlingException:");
        assertThat(JSON.readTree(throttled.body()).path("message").asText()).isNotBlank();

        HttpResponse<byte[]> quota = post("/model/m/converse", ask("x", null), true);
        assertThat(quota.headers().firstValue("x-amzn-ErrorType")).get().asString().startsWith("ServiceQuotaExceededException:");
        assertThat(JSON.readTree(quota.body()).path("message").asText()).isEqualTo("quota");
    }

    @Test
    void inBandStreamErrorsArriveAsAnExceptionFrameAfterTheChunks() throws Exception {
        bedrock.faultPlan(FaultPlan.builder().next(Fault.status(429)).build());
        bedrock.streamErrorsInBand(1);
        HttpResponse<byte[]> r = post("/model/m/converse-stream", ask("x y z", null), true);

        assertThat(r.statusCode()).isEqualTo(200);
        List<Message> frames = new MessageDecoder().feed(java.nio.ByteBuffer.wrap(r.body())).getDecodedMessages();
        assertThat(frames).hasSize(3);
        Map<String, software.amazon.awssdk.eventstream.HeaderValue> last = frames.get(2).getHeaders();
        assertThat(last.get(":message-type").getString()).isEqualTo("exception");
        assertThat(last.get(":exception-type").getString()).isEqualTo("throttlingException");
    }

    @Test
    void unsignedRequestsAreRefusedAsAwsDoes() throws Exception {
        HttpResponse<byte[]> r = post("/model/m/converse", ask("x", null), false);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).get().asString().startsWith("MissingAuthenticationTokenException");
    }

    @Test
    void itCanBeStartedOnAGivenPort() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (FakeBedrockServer onPort = FakeBedrockServer.start(port)) {
            assertThat(onPort.endpoint().getPort()).isEqualTo(port);
            assertThat(onPort.endpoint().getHost()).isEqualTo("127.0.0.1");
        }
    }

    private static JsonNode json(Message m) {
        try {
            return JSON.readTree(m.getPayload());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
