package dev.duo.eval;

/**
 * Told of a run's progress (the command line draws its progress bar from it). Called from the
 * run's worker threads; implementations must be thread-safe and quick.
 *
 * <pre>{@code
 * EvalListener dots = new EvalListener() {
 *     public void onCase(String model, CaseResult r) { System.out.print('.'); }
 * };
 * }</pre>
 */
public interface EvalListener {

    /**
     * A model's run starts.
     *
     * @param feature the feature key
     * @param model the model's name
     * @param cases the cases in the dataset
     * @param alreadyDone the cases a resumed run finds finished in the journal
     */
    default void onStart(String feature, String model, long cases, long alreadyDone) {
    }

    /** A case finished (or its call failed). */
    default void onCase(String model, CaseResult result) {
    }

    /** A model's run finished. */
    default void onFinish(EvalResult result) {
    }
}
