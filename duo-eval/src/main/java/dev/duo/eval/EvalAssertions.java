package dev.duo.eval;

import org.opentest4j.AssertionFailedError;

/**
 * JUnit assertions on evaluations: fail a test when a feature's evaluation is not green (or not at
 * least yellow), naming each result that missed, and the HTML report to look at.
 *
 * <pre>{@code
 * @Test
 * void explainCodeIsGoodEnough() {
 *     EvalReport report = evaluation.run();
 *     EvalAssertions.assertGreen(report);
 * }
 * }</pre>
 */
public final class EvalAssertions {

    private EvalAssertions() {
    }

    /** Fails unless every result is green. */
    public static void assertGreen(EvalReport report) {
        check(report, TrafficLight.GREEN);
    }

    /** Fails when any result is red. */
    public static void assertAtLeastYellow(EvalReport report) {
        check(report, TrafficLight.YELLOW);
    }

    private static void check(EvalReport report, TrafficLight atWorst) {
        StringBuilder missed = new StringBuilder();
        for (EvalResult r : report.results()) {
            if (r.light().ordinal() > atWorst.ordinal()) {
                missed.append("\n  ").append(r.summary());
                if (!r.unscoredIds().isEmpty()) {
                    missed.append("; unscored: ").append(r.unscoredIds().size() > 10
                            ? r.unscoredIds().subList(0, 10) + " ..." : r.unscoredIds());
                }
            }
        }
        if (missed.length() > 0) {
            String want = atWorst == TrafficLight.GREEN ? "green" : "at least yellow";
            throw new AssertionFailedError("expected the evaluation to be " + want + ", but it is "
                    + report.light().word() + ":" + missed + "\n  report: "
                    + report.htmlFile().map(Object::toString).orElse("none written (set Evaluation.Builder.report(path))"));
        }
    }
}
