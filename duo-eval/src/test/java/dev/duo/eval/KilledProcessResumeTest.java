package dev.duo.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.DuoClient;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real run in another JVM, killed (SIGKILL) with K of N cases finished, then resumed here: the
 * model is called N times in all and each case is journalled once.
 */
class KilledProcessResumeTest {

    static final int K = 5;

    @TempDir
    Path dir;

    @Test
    void aKilledProcessIsResumedWithoutRepeatingFinishedCases() throws Exception {
        Path dataset = EvalFixture.dataset(dir, ResumeTest.QUALITIES);
        Path journals = dir.resolve("journal");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                KillableEvalRun.class.getName(), dataset.toString(), journals.toString(), Integer.toString(K))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            // The child hangs for good once K cases are journalled; wait for that state, however long the JVM takes to start.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (journalled(journals) < K) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("the child did not reach " + K + " cases (alive: " + p.isAlive() + "):\n"
                            + Files.readString(dir.resolve("child.log")));
                }
                Thread.sleep(50);
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(60, TimeUnit.SECONDS);
        }
        assertThat(journalled(journals)).isEqualTo(K);

        ScriptedModelClient resumed = ScriptedModelClient.echoing();
        EvalReport report;
        try (DuoClient duo = EvalFixture.client(resumed)) {
            report = Evaluation.builder().client(duo).feature(EvalFixture.FEATURE).model(EvalFixture.MIXTRAL)
                    .dataset(Dataset.jsonl(dataset)).scorer(LlmJudge.using(duo, EvalFixture.JUDGE))
                    .threshold(0.6).concurrency(4).journalDirectory(journals).resume(true).build().run();
        }
        // The child answered exactly K times (its next calls hung), so N calls in all means N - K here.
        assertThat(resumed.subjectAnswers).hasValue(ResumeTest.QUALITIES.length - K);
        List<String> ids = ResumeTest.journalIds(journals);
        assertThat(ids).hasSize(ResumeTest.QUALITIES.length).doesNotHaveDuplicates();
        assertThat(report.results().get(0).total()).isEqualTo(ResumeTest.QUALITIES.length);
        assertThat(report.results().get(0).value()).isEqualTo(9.0 / 12);
    }

    private static long journalled(Path journals) throws Exception {
        File[] files = journals.toFile().listFiles();
        if (files == null || files.length == 0) {
            return 0;
        }
        try (var lines = Files.lines(files[0].toPath())) {
            // Count whole lines only: the header is the first; a line being written may be torn.
            return Math.max(0, lines.filter(l -> l.endsWith("}")).count() - 1);
        }
    }
}
