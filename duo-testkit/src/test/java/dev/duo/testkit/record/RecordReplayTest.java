package dev.duo.testkit.record;

import dev.duo.spi.Attempt;
import dev.duo.model.Timeouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.Completion;
import dev.duo.DuoClient;
import dev.duo.FinishReason;
import dev.duo.model.Secret;
import dev.duo.BlockingStream;
import dev.duo.testkit.TestClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records real HTTP exchanges with a local server, then replays them offline. */
class RecordReplayTest {

    static final String API_KEY = "sk-live-5f3c9a7e1b2d4c6e8f0a";
    static final String FIREWORKS_KEY = "fw_TESTONLYnotArealKEY0002";
    static final String DIFF = "diff --git a/app.properties b/app.properties\n"
            + "+greeting=Hello, world\n"
            + "+api_key = \"" + FIREWORKS_KEY + "\"\n"
            + "+# the ops key is " + API_KEY + "\n";

    @TempDir
    Path dir;

    static MockResponse json(String body) {
        return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse sse(String... events) {
        StringBuilder b = new StringBuilder();
        for (String e : events) {
            b.append("data: ").append(e).append("\n\n");
        }
        return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(b.toString()).build();
    }

    record Results(Completion commit, List<String> chunks, Completion code) { }

    static Results exercise(DuoClient duo, String diff) {
        Completion commit = duo.feature("generate_commit_message").generate(Map.of("diff", diff));
        List<String> chunks = new ArrayList<>();
        Completion code;
        try (BlockingStream s = duo.feature("code_generation").streamBlocking(Map.of("user_instruction", "greet", "language", "java"))) {
            s.forEachRemaining(chunks::add);
            code = s.completion();
        }
        return new Results(commit, chunks, code);
    }

    @Test
    void aRecordingOfRealHttpExchangesReplaysTheSameResultsOfflineAndHoldsNoSecret() throws Exception {
        Path file = dir.resolve("duo-recordings/RecordReplayTest/greeting.json");
        Results recorded;
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(json("{\"text\": \"Add a greeting\\n\\nThe key " + API_KEY + " was rotated.\", "
                    + "\"finish_reason\": \"STOP\", \"usage\": {\"input\": 120, \"output\": 9}, \"id\": \"req-abc\"}"));
            server.enqueue(sse("{\"chunk\": \"String greet() \"}", "{\"chunk\": \"{ return \\\"Hello\\\"; }\"}",
                    "{\"done\": true, \"finish_reason\": \"LENGTH\", \"usage\": {\"input\": 40, \"output\": 12}, \"id\": \"req-def\"}"));
            server.start(0);
            RecordingModelClient rec = RecordingModelClient.builder(new MiniHttpModelClient(server.url("/v1/chat").uri(), API_KEY))
                    .model("Mini [local]").secret(Secret.of(API_KEY)).environment(Map.of()).build();
            try (DuoClient duo = TestClients.wiredTo(rec)) {
                recorded = exercise(duo, DIFF);
            }
            rec.write(file);
            rec.close();
            RecordedRequest first = server.takeRequest();
            assertThat(first.getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
            assertThat(first.getBody().utf8()).as("the real request carried the secrets").contains(FIREWORKS_KEY, API_KEY);
        }

        String content = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(content).doesNotContain(API_KEY).doesNotContain(FIREWORKS_KEY).doesNotContain("5f3c9a7e")
                .contains("****")
                .contains("\"feature\" : \"generate_commit_message\"")
                .contains("\"model\" : \"Mini [local]\"")
                .contains("\"call\" : \"stream\"")
                .contains("\"temperature\" : 0.2")
                .contains("\"chunks\" : [ \"String greet() \", \"{ return \\\"Hello\\\"; }\" ]")
                .contains("\"finish_reason\" : \"LENGTH\"");
        assertThat(recorded.chunks()).containsExactly("String greet() ", "{ return \"Hello\"; }");

        // the server is gone: this runs offline
        try (ReplayModelClient replay = ReplayModelClient.builder(Recording.read(file)).source(file.toString())
                .secret(Secret.of(API_KEY)).environment(Map.of()).build();
             DuoClient duo = TestClients.wiredTo(replay)) {
            Results replayed = exercise(duo, DIFF);
            replay.assertAllReplayed();

            assertThat(replayed.chunks()).isEqualTo(recorded.chunks());
            assertThat(replayed.code().text()).isEqualTo(recorded.code().text());
            assertThat(replayed.code().finishReason()).isEqualTo(FinishReason.LENGTH).isEqualTo(recorded.code().finishReason());
            assertThat(replayed.code().usage()).isEqualTo(recorded.code().usage());
            assertThat(replayed.code().requestId()).isEqualTo(recorded.code().requestId()).contains("req-def");
            assertThat(replayed.commit().finishReason()).isEqualTo(recorded.commit().finishReason());
            assertThat(replayed.commit().usage()).isEqualTo(recorded.commit().usage());
            assertThat(replayed.commit().requestId()).contains("req-abc");
            assertThat(replayed.commit().text()).as("the secret the model echoed is scrubbed, the rest is the same")
                    .isEqualTo(recorded.commit().text().replace(API_KEY, "****"));
            assertThat(replayed.commit().provenance()).isEqualTo(recorded.commit().provenance());
        }
    }

    @Test
    void aChangedRequestFailsWithAFieldByFieldDiffThatHoldsNoSecret() {
        Path file = dir.resolve("r.json");
        RecordingModelClient rec = RecordingModelClient.builder(dev.duo.testkit.FakeModelClient.answering("Add a greeting"))
                .model("fake").secret(Secret.of(API_KEY)).environment(Map.of()).build();
        try (DuoClient duo = TestClients.wiredTo(rec)) {
            duo.feature("generate_commit_message").generate(Map.of("diff", DIFF));
        }
        rec.write(file);
        rec.close();

        try (ReplayModelClient replay = ReplayModelClient.builder(Recording.read(file)).source(file.toString())
                .secret(Secret.of(API_KEY)).environment(Map.of()).build();
             DuoClient duo = TestClients.wiredTo(replay)) {
            String changed = DIFF.replace("Hello, world", "Goodbye, world");
            assertThatThrownBy(() -> duo.feature("generate_commit_message").generate(Map.of("diff", changed)))
                    .isInstanceOf(ReplayMismatchException.class)
                    .hasMessageContaining("request #1 (feature generate_commit_message) matches no unused exchange of the recording " + file)
                    .hasMessageContaining("Closest is exchange #1 of 1, which differs in:")
                    .hasMessageContaining("messages[1].content (user) differs at character")
                    .hasMessageContaining("recorded: \"")
                    .hasMessageContaining("+greeting=Hello, world")
                    .hasMessageContaining("+greeting=Goodbye, world")
                    .hasMessageContaining("-Dduo.recording.mode=record")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(API_KEY).doesNotContain(FIREWORKS_KEY));
            assertThatThrownBy(() -> duo.feature("summarize_new_merge_request").generate(Map.of("diff", DIFF)))
                    .hasMessageContaining("feature: recorded 'generate_commit_message', now 'summarize_new_merge_request'");
            assertThat(replay.mismatches()).hasSize(2);
            assertThatThrownBy(replay::assertAllReplayed).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("request #1");
        }

        try (ReplayModelClient replay = ReplayModelClient.builder(Recording.read(file)).source("r.json")
                .secret(Secret.of(API_KEY)).environment(Map.of()).build()) {
            assertThatThrownBy(replay::assertAllReplayed)
                    .hasMessageStartingWith("1 recorded exchange(s) of r.json were never requested");
        }
    }

    @Test
    void aSecretSplitAcrossStreamChunksIsScrubbedToo() {
        dev.duo.testkit.FakeModelClient fake = dev.duo.testkit.FakeModelClient.builder().build();
        fake.enqueue(dev.duo.testkit.FakeModelClient.Answer.text("").chunks("the key is sk-live-5f3c", "9a7e1b2d4c6e8f0a, ok"));
        RecordingModelClient rec = RecordingModelClient.builder(fake).secret(Secret.of(API_KEY)).environment(Map.of()).build();
        List<String> seen = new ArrayList<>();
        try (DuoClient duo = TestClients.wiredTo(rec);
             BlockingStream s = duo.feature("duo_chat").streamBlocking(Map.of("messages", List.of(dev.duo.Message.user("key?"))))) {
            s.forEachRemaining(seen::add);
        }
        assertThat(seen).as("the test itself sees the real chunks").hasSize(2);
        Exchange x = rec.recording().exchanges().get(0);
        assertThat(x.chunks()).containsExactly("the key is ****, ok");
        assertThat(rec.recording().toJson()).doesNotContain("sk-live-5f3c").doesNotContain("9a7e1b2d4c6e8f0a");
        rec.close();
    }

    @Test
    void aRepeatedRequestAfterTheRecordingRanOutSaysSo() {
        Recording one = new Recording(List.of(new Exchange("duo_chat", "m", false, dev.duo.spi.RequestMode.CHAT,
                List.of(dev.duo.Message.user("hi")), dev.duo.ModelParams.NONE, "hello", List.of("hello"),
                FinishReason.STOP, dev.duo.Usage.UNKNOWN, null)));
        try (ReplayModelClient replay = ReplayModelClient.builder(one).environment(Map.of()).build()) {
            dev.duo.spi.ModelRequest r = one.exchanges().get(0).request();
            assertThat(replay.complete(r, Attempt.of(Timeouts.DEFAULTS)).text()).isEqualTo("hello");
            assertThatThrownBy(() -> replay.complete(r, Attempt.of(Timeouts.DEFAULTS))).hasMessageContaining("which was already replayed");
        }
    }

    @Test
    void aMalformedRecordingNamesTheFileAndTheExchange() {
        assertThatThrownBy(() -> Recording.parse("{\"format\": 1, \"exchanges\": [{\"model\": \"m\"}]}", "x.json"))
                .hasMessage("the recording x.json has a malformed exchange #1: 'request' is missing");
        assertThatThrownBy(() -> Recording.parse("[]", "x.json")).hasMessageContaining("is not a format-1 recording");
    }
}
