package dev.duo.eval;

import dev.duo.eval.internal.Journal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The evaluation of one feature on one model: the metric against its threshold and the traffic
 * light, the counts behind it, and where the cases are (the run journal; cases whose call failed
 * are kept here, since the journal holds finished cases only).
 *
 * <pre>{@code
 * EvalResult r = report.results().get(0);
 * System.out.println(r.metric().id() + " " + r.metric().format(r.value()) + " -> " + r.light());
 * }</pre>
 *
 * @param feature the feature key
 * @param featureTitle the feature's title
 * @param model the model's name
 * @param scorer the scorer's name
 * @param metric the metric
 * @param value the metric's value
 * @param threshold the threshold
 * @param margin the yellow margin, in the metric's units
 * @param light the traffic light
 * @param total the cases evaluated (failed calls included)
 * @param passed the cases that passed
 * @param ratingCounts how many cases got each rating: index 0 for 1 ... index 3 for 4
 * @param unscoredIds the ids of unscored cases (no valid rating, or a failed call)
 * @param failed the cases whose feature or judge call failed
 * @param skippedLines dataset lines skipped as malformed
 * @param journal the run journal holding the finished cases
 */
public record EvalResult(String feature, String featureTitle, String model, String scorer, Metric metric, double value,
                         double threshold, double margin, TrafficLight light, long total, long passed,
                         List<Long> ratingCounts, List<String> unscoredIds, List<CaseResult> failed,
                         List<Dataset.Problem> skippedLines, Path journal) {

    /** Copies the lists. */
    public EvalResult {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(light, "light");
        ratingCounts = List.copyOf(ratingCounts);
        unscoredIds = List.copyOf(unscoredIds);
        failed = List.copyOf(failed);
        skippedLines = List.copyOf(skippedLines);
    }

    /** Where yellow starts: the threshold less the margin, not below the bottom of the metric's scale. */
    public double yellowFrom() {
        return Math.max(metric.isShare() ? 0 : Score.MIN_RATING, threshold - margin);
    }

    /** Every case: the journal's finished ones in finishing order, then the failed ones. Reads the journal. */
    public List<CaseResult> cases() {
        List<CaseResult> out = new ArrayList<>();
        Journal.forEach(journal, out::add);
        out.addAll(failed);
        return out;
    }

    /** One line, such as {@code duo_chat_explain_code on Mixtral: share_rated_3_or_4 85.0% >= 80.0% green}. */
    public String summary() {
        return String.format(Locale.ROOT, "%s on %s: %s %s (threshold %s, margin %s) -> %s; %d cases, %d unscored",
                feature, model, metric.id(), metric.format(value), metric.format(threshold), metric.format(margin),
                light.word(), total, unscoredIds.size());
    }
}
