package dev.duo.eval;

import dev.duo.eval.internal.HtmlReport;
import dev.duo.eval.internal.JsonReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The results of an evaluation, one per feature and model, with the overall traffic light (the
 * worst of them). Writes a JSON report for machines and a self-contained HTML page for people
 * (inline CSS and SVG, no external assets): the light, the metric against its threshold, the rating
 * distribution, every case with its input, response, score and the judge's reason, and a
 * compatibility matrix (features x models) when several models were evaluated. Known secrets are
 * scrubbed before anything reaches a journal or a report.
 *
 * <pre>{@code
 * EvalReport report = evaluation.run();
 * report.write(Path.of("target/eval/report.html"), Path.of("target/eval/report.json"));
 * if (report.light() == TrafficLight.RED) { ... }
 * }</pre>
 */
public final class EvalReport {

    private final List<EvalResult> results;
    private volatile Path htmlFile;

    /**
     * A report of these results; results of several evaluations (several features) can be put in
     * one report, whose compatibility matrix then has a row per feature.
     */
    public EvalReport(List<EvalResult> results) {
        this.results = List.copyOf(Objects.requireNonNull(results, "results"));
        if (this.results.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one result");
        }
    }

    /** The results, one per feature and model, in run order. */
    public List<EvalResult> results() {
        return results;
    }

    /** The overall light: the worst of the results'. */
    public TrafficLight light() {
        return results.stream().map(EvalResult::light).reduce(TrafficLight.GREEN, TrafficLight::worse);
    }

    /** The result of a feature on a model. */
    public Optional<EvalResult> result(String feature, String model) {
        return results.stream().filter(r -> r.feature().equals(feature) && r.model().equals(model)).findFirst();
    }

    /** The HTML report last written, if any (assertions name it). */
    public Optional<Path> htmlFile() {
        return Optional.ofNullable(htmlFile);
    }

    /**
     * Writes the HTML page and the JSON report (either may be null to skip it).
     *
     * @throws java.io.UncheckedIOException when a file cannot be written
     */
    public void write(Path html, Path json) {
        if (json != null) {
            JsonReport.write(this, json);
        }
        if (html != null) {
            HtmlReport.write(this, html);
            htmlFile = html.toAbsolutePath();
        }
    }

    /** One line per result. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        for (EvalResult r : results) {
            sb.append(r.summary()).append('\n');
        }
        return sb.append("overall: ").append(light().word()).toString();
    }

    @Override
    public String toString() {
        return "EvalReport{" + light() + ", " + results.size() + " results}";
    }
}
