package dev.duo.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.DuoClient;
import dev.duo.call.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rate limits are the pipeline's business: a throttled case is retried, not lost, nor run twice. */
class RateLimitTest {

    @TempDir
    Path dir;

    @Test
    void rateLimitedCallsAreRetriedByThePipeline() {
        ScriptedModelClient fake = ScriptedModelClient.echoing();
        fake.rateLimitsLeft.set(3);
        RetryPolicy fast = RetryPolicy.DEFAULTS.withMaxAttempts(5).withBackoff(Duration.ofMillis(1), 1.0, Duration.ofMillis(2));
        try (DuoClient duo = DuoClient.builder().config(EvalFixture.config()).modelClient(fake).retryPolicy(fast).build()) {
            EvalReport report = Evaluation.builder().client(duo).feature(EvalFixture.FEATURE).model(EvalFixture.MIXTRAL)
                    .dataset(Dataset.jsonl(EvalFixture.dataset(dir, "4", "3", "4", "4")))
                    .scorer(LlmJudge.using(duo, EvalFixture.JUDGE)).threshold(0.8).concurrency(2)
                    .journalDirectory(dir.resolve("j")).build().run();
            EvalResult r = report.results().get(0);
            assertThat(r.light()).isEqualTo(TrafficLight.GREEN);
            assertThat(r.failed()).isEmpty();
            assertThat(fake.subjectAnswers).hasValue(4);
            assertThat(fake.subjectAttempts).hasValue(4 + 3);
        }
    }

    @Test
    void aCaseWhoseCallStillFailsIsUnscoredListedAndRetriedOnResume() {
        ScriptedModelClient fake = ScriptedModelClient.echoing();
        fake.rateLimitsLeft.set(1);
        try (DuoClient duo = DuoClient.builder().config(EvalFixture.config()).modelClient(fake)
                .retryPolicy(RetryPolicy.NONE).build()) {
            Evaluation.Builder b = Evaluation.builder().client(duo).feature(EvalFixture.FEATURE).model(EvalFixture.MIXTRAL)
                    .dataset(Dataset.jsonl(EvalFixture.dataset(dir, "4", "4", "4")))
                    .scorer(LlmJudge.using(duo, EvalFixture.JUDGE)).threshold(0.9).concurrency(1)
                    .journalDirectory(dir.resolve("j"));
            EvalResult first = b.build().run().results().get(0);
            assertThat(first.failed()).hasSize(1);
            assertThat(first.failed().get(0).error()).contains("the feature call failed", "429 Too Many Requests");
            assertThat(first.unscoredIds()).containsExactly(first.failed().get(0).evalCase().id());
            assertThat(first.light()).isEqualTo(TrafficLight.RED);

            EvalResult resumed = b.resume(true).build().run().results().get(0);
            assertThat(resumed.failed()).isEmpty();
            assertThat(resumed.total()).isEqualTo(3);
            assertThat(resumed.light()).isEqualTo(TrafficLight.GREEN);
            assertThat(fake.subjectAnswers).hasValue(3);
        }
    }
}
