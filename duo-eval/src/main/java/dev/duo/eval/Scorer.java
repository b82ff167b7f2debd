package dev.duo.eval;

/**
 * Scores one response of a feature. Plain Java: a lambda is a scorer. Called from several threads
 * at once; an exception stops the run (finished cases stay in the journal, so it can resume).
 *
 * <pre>{@code
 * Scorer shortEnough = (c, response) -> Score.of(response.length() < 200, response.length() + " chars");
 * }</pre>
 */
@FunctionalInterface
public interface Scorer {

    /**
     * Scores {@code response}, the feature's answer to {@code evalCase}.
     *
     * @param evalCase the case, with its inputs and reference answer
     * @param response the feature's answer text
     */
    Score score(EvalCase evalCase, String response);

    /** A short name for reports (default: {@code custom}). */
    default String name() {
        return "custom";
    }

    /** Whether it rates 1 to 4 (needed by rating metrics such as {@link Metric#MEAN_RATING}). */
    default boolean rates() {
        return false;
    }
}
