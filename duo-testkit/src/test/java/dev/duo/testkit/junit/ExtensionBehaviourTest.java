package dev.duo.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.testkit.junit.scenarios.LeakyStreamScenario;
import dev.duo.testkit.junit.scenarios.MisusedRecordingScenario;
import dev.duo.testkit.junit.scenarios.ParallelScenarios;
import dev.duo.testkit.junit.scenarios.RecordedScenario;
import dev.duo.testkit.record.MiniHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Runs scenario classes through the JUnit Platform launcher and checks what the extension did. */
class ExtensionBehaviourTest {

    @TempDir
    Path dir;

    @Test
    void aTestThatLeavesAStreamOpenFailsSayingSo() {
        TestExecutionSummary s = Launch.run(Map.of(), LeakyStreamScenario.class);

        assertThat(s.getTestsSucceededCount()).as(Launch.failures(s)).isEqualTo(2);
        assertThat(s.getFailures()).singleElement().satisfies(f -> {
            assertThat(f.getTestIdentifier().getDisplayName()).startsWith("leaksAStream");
            assertThat(f.getException()).isInstanceOf(AssertionError.class)
                    .hasMessage("the test left 1 Duo stream(s) open: close each BlockingStream (try-with-resources), "
                            + "and wait for onComplete/onError or cancel() each StreamHandle before the test ends");
        });
    }

    @Test
    void testClassesRunInParallelEachSeeTheirOwnFake() {
        ParallelScenarios.barrier = new CyclicBarrier(3);
        ParallelScenarios.THREADS.clear();
        TestExecutionSummary s = Launch.run(Map.of(
                        "junit.jupiter.execution.parallel.enabled", "true",
                        "junit.jupiter.execution.parallel.config.strategy", "fixed",
                        "junit.jupiter.execution.parallel.config.fixed.parallelism", "6"),
                ParallelScenarios.A.class, ParallelScenarios.B.class, ParallelScenarios.C.class);

        assertThat(s.getTestsSucceededCount()).as(Launch.failures(s)).isEqualTo(6);
        assertThat(s.getTotalFailureCount()).isZero();
        assertThat(ParallelScenarios.THREADS).as("tests ran on several threads at once").hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void recordsAgainstARealServerThenReplaysOfflineAndFailsClearlyWhenTheRequestChanges() throws Exception {
        String secret = "sk-live-9d8c7b6a5f4e3d2c1b0a";
        RecordedScenario.secret = secret;
        RecordedScenario.diff = "+greeting=Hello, world\n+token: " + secret + "\n";
        RecordedScenario.RESULTS.clear();
        Map<String, String> record = Map.of("duo.recording.mode", "record", "duo.recordings.dir", dir.toString());
        Map<String, String> replay = Map.of("duo.recordings.dir", dir.toString());
        Path file = dir.resolve("RecordedScenario/writesACommitMessageAndStreamsCode.json");

        try (MockWebServer server = new MockWebServer()) {
            MiniHttp.serveCommitThenCode(server);
            server.start(0);
            RecordedScenario.real = () -> MiniHttp.client(server, secret);
            TestExecutionSummary recorded = Launch.run(record, RecordedScenario.class);
            assertThat(recorded.getTestsSucceededCount()).as(Launch.failures(recorded)).isEqualTo(1);
            assertThat(server.getRequestCount()).isEqualTo(2);
        }
        RecordedScenario.real = () -> {
            throw new AssertionError("replay must not make a real client");
        };
        String content = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(content).doesNotContain(secret).contains("****").contains("\"model\" : \"Mini [local]\"");

        TestExecutionSummary replayed = Launch.run(replay, RecordedScenario.class);
        assertThat(replayed.getTestsSucceededCount()).as(Launch.failures(replayed)).isEqualTo(1);
        assertThat(RecordedScenario.RESULTS).hasSize(2);
        assertThat(RecordedScenario.RESULTS.get(1)).as("replay gives what the real server gave")
                .isEqualTo(RecordedScenario.RESULTS.get(0));

        RecordedScenario.diff = "+greeting=Goodbye, world\n+token: " + secret + "\n";
        TestExecutionSummary changed = Launch.run(replay, RecordedScenario.class);
        assertThat(changed.getFailures()).singleElement().satisfies(f -> assertThat(f.getException().getMessage())
                .contains("request #1 (feature generate_commit_message) matches no unused exchange of the recording "
                        + file)
                .contains("messages[1].content (user) differs at character")
                .contains("+greeting=Hello, world").contains("+greeting=Goodbye, world")
                .doesNotContain(secret));
    }

    @Test
    void recordingMistakesFailWithMessagesThatSayWhatToDo() throws Exception {
        Path some = dir.resolve("MisusedRecordingScenario/some.json");
        Files.createDirectories(some.getParent());
        Files.writeString(some, "{\"format\": 1, \"exchanges\": []}");

        TestExecutionSummary s = Launch.run(Map.of("duo.recordings.dir", dir.toString()), MisusedRecordingScenario.class);

        assertThat(s.getTotalFailureCount()).isEqualTo(2);
        assertThat(s.getFailures()).anySatisfy(f -> assertThat(f.getException().getMessage())
                .startsWith("no recording at " + dir.resolve("MisusedRecordingScenario/nowhere.json"))
                .contains("record it once with -Dduo.recording.mode=record and @DuoTest(recordWith = <your ModelClientFactory>.class)"));
        assertThat(s.getFailures()).anySatisfy(f -> assertThat(f.getException().getMessage())
                .contains("a @DuoTest with a recording has no FakeModelClient")
                .contains("take a CallLog to assert on the calls instead"));

        TestExecutionSummary rec = Launch.run(Map.of("duo.recordings.dir", dir.toString(), "duo.recording.mode", "record"),
                MisusedRecordingScenario.class);
        assertThat(rec.getFailures()).anySatisfy(f -> assertThat(f.getException().getMessage())
                .contains("is in record mode (-Dduo.recording.mode=record) but @DuoTest names no recordWith"));
    }
}
