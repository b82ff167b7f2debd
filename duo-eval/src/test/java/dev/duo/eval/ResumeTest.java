package dev.duo.eval;

import static dev.duo.eval.EvalFixture.FEATURE;
import static dev.duo.eval.EvalFixture.JUDGE;
import static dev.duo.eval.EvalFixture.MIXTRAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.DuoClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run stopped half way continues from its journal without calling the model again for finished cases. */
class ResumeTest {

    static final String[] QUALITIES = {"4", "3", "4", "2", "4", "3", "1", "4", "3", "4", "4", "2"};

    @TempDir
    Path dir;

    private EvalReport run(ScriptedModelClient fake, Path dataset, boolean resume) {
        try (DuoClient duo = EvalFixture.client(fake)) {
            return Evaluation.builder().client(duo).feature(FEATURE).model(MIXTRAL).dataset(Dataset.jsonl(dataset))
                    .scorer(LlmJudge.using(duo, JUDGE)).threshold(0.6).concurrency(4)
                    .journalDirectory(dir.resolve("journal")).resume(resume).build().run();
        }
    }

    static List<String> journalIds(Path journalDir) throws Exception {
        try (var files = Files.list(journalDir)) {
            Path j = files.findFirst().orElseThrow();
            return Files.readAllLines(j).stream().skip(1).filter(l -> !l.isBlank())
                    .map(l -> l.replaceAll("^\\{\"id\":\"([^\"]+)\".*$", "$1")).toList();
        }
    }

    @Test
    void aRunStoppedAfterKCasesResumesWithoutRepeatingThem() throws Exception {
        Path dataset = EvalFixture.dataset(dir, QUALITIES);
        ScriptedModelClient first = ScriptedModelClient.echoing();
        first.failAfter(5);
        assertThatThrownBy(() -> run(first, dataset, false)).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("stopped: injected: the key was revoked after 5 answers")
                .hasMessageContaining("run again with --resume to continue");
        assertThat(first.subjectAnswers).hasValue(5);
        assertThat(journalIds(dir.resolve("journal"))).hasSize(5);

        ScriptedModelClient second = ScriptedModelClient.echoing();
        EvalReport report = run(second, dataset, true);
        assertThat(first.subjectAnswers.get() + second.subjectAnswers.get()).isEqualTo(QUALITIES.length);
        assertThat(second.answeredPrompts).doesNotContainAnyElementsOf(first.answeredPrompts);
        List<String> ids = journalIds(dir.resolve("journal"));
        assertThat(ids).hasSize(QUALITIES.length).doesNotHaveDuplicates();
        EvalResult r = report.results().get(0);
        assertThat(r.total()).isEqualTo(QUALITIES.length);
        assertThat(r.value()).isEqualTo(9.0 / 12);
        assertThat(r.cases()).extracting(c -> c.evalCase().id()).doesNotHaveDuplicates().hasSize(QUALITIES.length);
    }

    @Test
    void aTornLastLineIsDroppedAndThatCaseRunsAgain() throws Exception {
        Path dataset = EvalFixture.dataset(dir, "4", "3", "2");
        run(ScriptedModelClient.echoing(), dataset, false);
        Path journal;
        try (var files = Files.list(dir.resolve("journal"))) {
            journal = files.findFirst().orElseThrow();
        }
        List<String> lines = Files.readAllLines(journal);
        // Keep the header and two cases, and half of the third as a killed process leaves it.
        String torn = lines.get(3).substring(0, lines.get(3).length() / 2);
        Files.writeString(journal, String.join("\n", lines.subList(0, 3)) + "\n" + torn);
        ScriptedModelClient again = ScriptedModelClient.echoing();
        EvalReport report = run(again, dataset, true);
        assertThat(again.subjectAnswers).hasValue(1);
        assertThat(journalIds(dir.resolve("journal"))).hasSize(3).doesNotHaveDuplicates();
        assertThat(report.results().get(0).total()).isEqualTo(3);
    }

    @Test
    void resumingTheJournalOfAnotherRunIsRefused() throws Exception {
        Path dataset = EvalFixture.dataset(dir, "4");
        run(ScriptedModelClient.echoing(), dataset, false);
        try (var files = Files.list(dir.resolve("journal"))) {
            Path j = files.findFirst().orElseThrow();
            String text = Files.readString(j).replaceFirst("\"scorer\":\"[^\"]+\"", "\"scorer\":\"exact_match\"");
            Files.writeString(j, text, StandardOpenOption.TRUNCATE_EXISTING);
        }
        assertThatThrownBy(() -> run(ScriptedModelClient.echoing(), dataset, true))
                .isInstanceOf(EvaluationException.class)
                .hasMessageContaining("cannot resume: the journal")
                .hasMessageContaining("is of scorer 'exact_match'")
                .hasMessageContaining("run without --resume to start afresh");
    }
}
