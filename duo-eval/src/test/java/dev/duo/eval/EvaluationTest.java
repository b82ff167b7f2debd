package dev.duo.eval;

import static dev.duo.eval.EvalFixture.FEATURE;
import static dev.duo.eval.EvalFixture.JUDGE;
import static dev.duo.eval.EvalFixture.MISTRAL;
import static dev.duo.eval.EvalFixture.MIXTRAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duo.DuoClient;
import dev.duo.UnknownModelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** Whole evaluations through a real DuoClient and its pipeline, with a scripted model behind it. */
class EvaluationTest {

    @TempDir
    Path dir;

    private EvalReport run(ScriptedModelClient fake, Path dataset, double threshold, String... models) {
        try (DuoClient duo = EvalFixture.client(fake)) {
            return Evaluation.builder().client(duo).feature(FEATURE).models(List.of(models))
                    .dataset(Dataset.jsonl(dataset)).scorer(LlmJudge.using(duo, JUDGE))
                    .threshold(threshold).concurrency(3).journalDirectory(dir.resolve("journal"))
                    .report(dir.resolve("report.html")).build().run();
        }
    }

    @Test
    void eightOfTenRatedThreeOrFourIsGreenAtEightyPercent() {
        ScriptedModelClient fake = ScriptedModelClient.echoing();
        EvalReport report = run(fake, EvalFixture.dataset(dir, "4", "3", "4", "3", "4", "4", "3", "3", "2", "1"), 0.8, MIXTRAL);
        EvalResult r = report.results().get(0);
        assertThat(r.light()).isEqualTo(TrafficLight.GREEN);
        assertThat(r.value()).isEqualTo(0.8);
        assertThat(r.ratingCounts()).containsExactly(1L, 1L, 4L, 4L);
        assertThat(r.total()).isEqualTo(10);
        assertThat(r.unscoredIds()).isEmpty();
        assertThat(fake.subjectAnswers).hasValue(10);
        assertThat(fake.judgeAnswers).hasValue(10);
        assertThat(r.cases()).extracting(c -> c.evalCase().id()).hasSize(10).doesNotHaveDuplicates();
        assertThat(r.cases()).allSatisfy(c -> assertThat(c.response()).startsWith("Answer: "));
        EvalAssertions.assertGreen(report);
    }

    @Test
    void sevenOfTenIsYellowAndFiveOfTenIsRed() {
        EvalReport yellow = run(ScriptedModelClient.echoing(),
                EvalFixture.dataset(dir, "4", "3", "4", "3", "4", "4", "3", "2", "2", "1"), 0.8, MIXTRAL);
        assertThat(yellow.light()).isEqualTo(TrafficLight.YELLOW);
        EvalAssertions.assertAtLeastYellow(yellow);
        assertThatThrownBy(() -> EvalAssertions.assertGreen(yellow)).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("expected the evaluation to be green, but it is yellow")
                .hasMessageContaining("share_rated_3_or_4 70.0%")
                .hasMessageContaining(dir.resolve("report.html").toAbsolutePath().toString());

        EvalReport red = run(ScriptedModelClient.echoing(),
                EvalFixture.dataset(dir, "4", "3", "4", "3", "4", "2", "2", "2", "2", "1"), 0.8, MIXTRAL);
        assertThat(red.light()).isEqualTo(TrafficLight.RED);
        assertThatThrownBy(() -> EvalAssertions.assertAtLeastYellow(red)).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("at least yellow, but it is red").hasMessageContaining("report.html");
    }

    @Test
    void aJudgeAnswerWithoutRatingOrWithConflictingOnesIsUnscoredAndAFailure() {
        EvalReport report = run(ScriptedModelClient.echoing(), EvalFixture.dataset(dir, "4", "x", "conflict", "4"), 0.5, MIXTRAL);
        EvalResult r = report.results().get(0);
        assertThat(r.unscoredIds()).containsExactlyInAnyOrder("case-2", "case-3");
        assertThat(r.value()).isEqualTo(0.5);
        assertThat(r.ratingCounts()).containsExactly(0L, 0L, 0L, 2L);
        CaseResult conflict = r.cases().stream().filter(c -> c.evalCase().id().equals("case-3")).findFirst().orElseThrow();
        assertThat(conflict.score().reason()).contains("conflicting ratings [2, 4]");
        CaseResult none = r.cases().stream().filter(c -> c.evalCase().id().equals("case-2")).findFirst().orElseThrow();
        assertThat(none.score().reason()).contains("no 'Rating: N' line", "I would rather not say.");
    }

    @Test
    void meanRatingCountsUnscoredAsTheLowestAndUsesItsOwnMargin() {
        try (DuoClient duo = EvalFixture.client(ScriptedModelClient.echoing())) {
            EvalReport report = Evaluation.builder().client(duo).feature(FEATURE).model(MIXTRAL)
                    .dataset(Dataset.jsonl(EvalFixture.dataset(dir, "4", "4", "x", "3")))
                    .scorer(LlmJudge.using(duo, JUDGE)).metric(Metric.MEAN_RATING).threshold(3.3)
                    .journalDirectory(dir).build().run();
            EvalResult r = report.results().get(0);
            assertThat(r.value()).isEqualTo(3.0); // (4 + 4 + 1 + 3) / 4
            assertThat(r.margin()).isEqualTo(0.3);
            assertThat(r.light()).isEqualTo(TrafficLight.YELLOW);
        }
    }

    @Test
    void severalModelsMakeAMatrixAndTheClientsConfigurationIsPutBack() throws Exception {
        ScriptedModelClient fake = ScriptedModelClient.echoing();
        try (DuoClient duo = EvalFixture.client(fake)) {
            LlmJudge judge = LlmJudge.using(duo, JUDGE);
            var before = duo.config().features();
            EvalReport report = Evaluation.builder().client(duo).feature("duo_chat_explain_code")
                    .models(List.of(MIXTRAL, MISTRAL)).dataset(Dataset.jsonl(EvalFixture.dataset(dir, "4", "3", "2")))
                    .scorer(judge).threshold(0.6).journalDirectory(dir.resolve("j")).report(dir.resolve("r.html"))
                    .build().run();
            assertThat(report.results()).extracting(EvalResult::model).containsExactly(MIXTRAL, MISTRAL);
            assertThat(report.light()).isEqualTo(TrafficLight.GREEN);
            assertThat(duo.config().features()).isEqualTo(before);
            assertThat(fake.subjectAnswers).hasValue(6);
            JsonNode json = new ObjectMapper().readTree(dir.resolve("r.json").toFile());
            assertThat(json.get("light").asText()).isEqualTo("green");
            assertThat(json.get("matrix")).hasSize(2);
            assertThat(json.get("results").get(1).get("cases")).hasSize(3);
            assertThat(json.get("results").get(0).get("rating_distribution").get("4").asInt()).isEqualTo(1);
            String html = Files.readString(dir.resolve("r.html"));
            assertThat(html).contains("Compatibility matrix", "Mixtral [test]", "Mistral [test]");
        }
    }

    @Test
    void reportsEscapeEverythingAndHoldNoSecret() throws Exception {
        ScriptedModelClient fake = new ScriptedModelClient(p -> "my key is " + EvalFixture.SECRET + " and " + p);
        run(fake, EvalFixture.dataset(dir, "4", "3"), 0.8, MIXTRAL);
        String html = Files.readString(dir.resolve("report.html"));
        String json = Files.readString(dir.resolve("report.json"));
        assertThat(html).doesNotContain("<script>", "<b>bold</b>").contains("&lt;script&gt;alert(1)&lt;/script&gt;",
                "&lt;b&gt;bold&lt;/b&gt;", "****");
        assertThat(html).doesNotContain(EvalFixture.SECRET);
        assertThat(json).doesNotContain(EvalFixture.SECRET).contains("****");
        try (var files = Files.list(dir.resolve("journal"))) {
            for (Path j : files.toList()) {
                assertThat(Files.readString(j)).doesNotContain(EvalFixture.SECRET);
            }
        }
    }

    @Test
    void casesRunInParallelUpToTheBound() {
        ScriptedModelClient fake = ScriptedModelClient.echoing();
        fake.gather(3);
        try (DuoClient duo = EvalFixture.client(fake)) {
            Evaluation.builder().client(duo).feature(FEATURE).model(MIXTRAL)
                    .dataset(Dataset.jsonl(EvalFixture.dataset(dir, "4", "4", "4", "4", "4", "4", "4", "4", "4")))
                    .scorer(LlmJudge.using(duo, JUDGE)).threshold(0.8).concurrency(3).journalDirectory(dir)
                    .build().run();
        }
        // Three calls met at the latch (so they were in flight together), and never more than three.
        assertThat(fake.peak).hasValue(3);
        assertThat(fake.subjectAnswers).hasValue(9);
    }

    @Test
    void aConversationInJsonlReachesAChatFeatureAsMessages() throws Exception {
        Path ds = dir.resolve("chat.jsonl");
        Files.write(ds, List.of(
                "{\"id\": \"ok\", \"inputs\": {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, "
                        + "{\"role\": \"assistant\", \"content\": \"hello\"}, {\"role\": \"user\", \"content\": \"quality=4\"}]}}",
                "{\"id\": \"bad\", \"inputs\": {\"messages\": [{\"role\": \"robot\", \"content\": \"beep\"}]}}"));
        ScriptedModelClient fake = ScriptedModelClient.echoing();
        try (DuoClient duo = EvalFixture.client(fake)) {
            EvalResult r = Evaluation.builder().client(duo).feature("duo_chat").model(MIXTRAL).dataset(Dataset.jsonl(ds))
                    .scorer(LlmJudge.using(duo, JUDGE)).threshold(0.5).journalDirectory(dir).build().run().results().get(0);
            assertThat(r.value()).isEqualTo(0.5);
            assertThat(r.failed()).singleElement().satisfies(c -> assertThat(c.error())
                    .contains("input 'messages': Unknown message role 'robot'"));
            assertThat(fake.subjectAnswers).hasValue(1);
        }
    }

    @Test
    void settingsAreCheckedWithMessages() {
        try (DuoClient duo = EvalFixture.client(ScriptedModelClient.echoing())) {
            Evaluation.Builder b = Evaluation.builder().client(duo).feature(FEATURE).model(MIXTRAL)
                    .dataset(Dataset.jsonl(dir.resolve("x.jsonl"))).scorer(Scorers.contains())
                    .metric(Metric.PASS_RATE).threshold(0.5);
            assertThatThrownBy(() -> b.concurrency(0).build()).hasMessage("concurrency must be 1 to 256, got 0");
            assertThatThrownBy(() -> b.concurrency(1).margin(-0.1).build()).hasMessage("the margin must be 0 or more, got -0.1");
            assertThatThrownBy(() -> b.margin(0.1).resume(true).build())
                    .hasMessageContaining("resume needs the journal directory of the run to continue");
            assertThatThrownBy(() -> b.resume(false).metric(Metric.MEAN_RATING).scorer(Scorers.rating("r", (c, x) -> Score.rated(4, "")))
                    .threshold(5).build()).hasMessageContaining("mean_rating is a rating from 1 to 4: the threshold must be between 1 and 4, got 5.0");
            assertThatThrownBy(() -> Evaluation.builder().feature(FEATURE).build()).hasMessageContaining("a client is required");
        }
    }

    @Test
    void matchersNeedPassRateAndMistakesAreNamed() {
        try (DuoClient duo = EvalFixture.client(ScriptedModelClient.echoing())) {
            Path ds = EvalFixture.dataset(dir, "4");
            assertThatThrownBy(() -> Evaluation.builder().client(duo).feature(FEATURE).dataset(Dataset.jsonl(ds))
                    .scorer(Scorers.exactMatch()).threshold(0.8).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("share_rated_3_or_4 needs a scorer that rates 1 to 4")
                    .hasMessageContaining("use pass_rate");
            assertThatThrownBy(() -> Evaluation.builder().client(duo).feature(FEATURE).dataset(Dataset.jsonl(ds))
                    .scorer(Scorers.contains()).metric(Metric.PASS_RATE).threshold(80).build())
                    .hasMessageContaining("the threshold must be between 0 and 1, got 80.0 (for 80% write 0.8)");
            assertThatThrownBy(() -> LlmJudge.using(duo, "Nope")).isInstanceOf(UnknownModelException.class);
            assertThatThrownBy(() -> Evaluation.builder().client(duo).feature(FEATURE).dataset(Dataset.jsonl(ds))
                    .scorer(Scorers.contains()).metric(Metric.PASS_RATE).threshold(0.5).build().run())
                    .isInstanceOf(EvaluationException.class)
                    .hasMessageContaining("duo_chat_explain_code has no model assigned");

            EvalReport r = Evaluation.builder().client(duo).feature(FEATURE).model(MIXTRAL).dataset(Dataset.jsonl(ds))
                    .scorer(Scorers.regex("quality=4")).metric(Metric.PASS_RATE).threshold(1.0).journalDirectory(dir)
                    .build().run();
            assertThat(r.light()).isEqualTo(TrafficLight.GREEN);
        }
    }
}
