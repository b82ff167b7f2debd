package dev.duo.eval;

import java.util.Objects;
import java.util.Optional;

/**
 * One evaluated case: the case, the feature's response, its score, and how long the feature took.
 * When the feature call (or the judge's) failed after the pipeline's retries, {@link #error()} says
 * why, the score is unscored and the case counts as a failure; such a case is not written to the
 * journal, so a resumed run tries it again.
 *
 * <pre>{@code
 * for (CaseResult r : result.cases()) {
 *     System.out.println(r.evalCase().id() + " " + r.score());
 * }
 * }</pre>
 *
 * @param evalCase the case
 * @param response the feature's answer (empty when the call failed)
 * @param score the score
 * @param latencyMillis how long the feature call took, retries included
 * @param error why the call failed, or null
 */
public record CaseResult(EvalCase evalCase, String response, Score score, long latencyMillis, String error) {

    /** Checks the required parts. */
    public CaseResult {
        Objects.requireNonNull(evalCase, "evalCase");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(score, "score");
    }

    /** Why the call failed, when it did. */
    public Optional<String> failure() {
        return Optional.ofNullable(error);
    }

    /** Whether it counts as a pass. */
    public boolean passed() {
        return error == null && score.passed();
    }

    /** Whether it has no score (the scorer could not decide, or the call failed). */
    public boolean unscored() {
        return error != null || score.unscored();
    }
}
