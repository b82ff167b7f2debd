package dev.duo.eval;

import dev.duo.DuoClient;
import java.nio.file.Path;

/**
 * A separate process for {@link KilledProcessResumeTest}: evaluates a dataset whose model answers
 * {@code K} times and then hangs, so the test can kill the process with K cases journalled.
 * Arguments: dataset, journal directory, K.
 */
public final class KillableEvalRun {

    private KillableEvalRun() {
    }

    public static void main(String[] args) {
        ScriptedModelClient fake = ScriptedModelClient.echoing();
        fake.blockAfter(Integer.parseInt(args[2]));
        try (DuoClient duo = EvalFixture.client(fake)) {
            System.out.println("started");
            Evaluation.builder().client(duo).feature(EvalFixture.FEATURE).model(EvalFixture.MIXTRAL)
                    .dataset(Dataset.jsonl(Path.of(args[0]))).scorer(LlmJudge.using(duo, EvalFixture.JUDGE))
                    .threshold(0.6).concurrency(4).journalDirectory(Path.of(args[1])).build().run();
            System.out.println("finished, which it should not have");
        }
    }
}
