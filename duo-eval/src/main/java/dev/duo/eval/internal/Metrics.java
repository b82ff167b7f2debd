package dev.duo.eval.internal;

import dev.duo.feature.Feature;
import dev.duo.eval.CaseResult;
import dev.duo.eval.Dataset;
import dev.duo.eval.EvalResult;
import dev.duo.eval.Evaluation;
import dev.duo.eval.EvaluationException;
import dev.duo.eval.Metric;
import dev.duo.eval.Score;
import dev.duo.eval.TrafficLight;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The metric of a run, computed by streaming its journal (so a resumed run counts the cases of
 * earlier runs too) plus the failed cases. An unscored or failed case is a failure: not rated 3 or
 * 4, not passed, and the lowest rating in a mean.
 */
final class Metrics {

    private Metrics() {
    }

    static EvalResult of(Evaluation ev, Feature feature, String model, String scorer, Path journal,
                         List<CaseResult> failed, List<Dataset.Problem> skipped) {
        long[] ratings = new long[Score.MAX_RATING];
        long[] counts = new long[3]; // total, passed, rating sum (unscored as the lowest)
        List<String> unscored = new ArrayList<>();
        Journal.forEach(journal, r -> count(r, ratings, counts, unscored));
        failed.forEach(r -> count(r, ratings, counts, unscored));
        long total = counts[0];
        if (total == 0) {
            throw new EvaluationException("the dataset " + ev.dataset().file() + " has no cases to evaluate"
                    + (skipped.isEmpty() ? "" : " (" + skipped.size() + " malformed lines skipped)"));
        }
        Metric m = ev.metric();
        double value = switch (m) {
            case SHARE_RATED_3_OR_4 -> (double) (ratings[2] + ratings[3]) / total;
            case MEAN_RATING -> (double) counts[2] / total;
            case PASS_RATE -> (double) counts[1] / total;
        };
        List<Long> dist = new ArrayList<>();
        for (long r : ratings) {
            dist.add(r);
        }
        return new EvalResult(feature.key(), feature.title(), model, scorer, m, value, ev.threshold(), ev.margin(),
                TrafficLight.of(value, ev.threshold(), ev.margin()), total, counts[1], dist, unscored,
                failed, skipped, journal);
    }

    private static void count(CaseResult r, long[] ratings, long[] counts, List<String> unscored) {
        counts[0]++;
        if (r.passed()) {
            counts[1]++;
        }
        if (r.unscored()) {
            unscored.add(r.evalCase().id());
            counts[2] += Score.MIN_RATING;
            return;
        }
        int rating = r.score().rating().orElse(r.score().passed() ? Score.MAX_RATING : Score.MIN_RATING);
        counts[2] += rating;
        r.score().rating().ifPresent(x -> ratings[x - 1]++);
    }
}
