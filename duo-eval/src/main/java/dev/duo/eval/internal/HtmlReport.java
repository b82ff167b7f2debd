package dev.duo.eval.internal;

import dev.duo.eval.CaseResult;
import dev.duo.eval.Dataset;
import dev.duo.eval.EvalReport;
import dev.duo.eval.EvalResult;
import dev.duo.eval.Metric;
import dev.duo.eval.TrafficLight;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The HTML report: one self-contained page (inline CSS and SVG, no script, no external asset), so it
 * can be attached to a CI job and opened anywhere. Everything that comes from a dataset, a model or
 * a judge is HTML-escaped. Case rows are streamed from the journals.
 */
public final class HtmlReport {

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:24px;color:#1f2328;background:#fff}
            h1{font-size:24px;margin:0 0 8px}h2{font-size:19px;margin:32px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
            .light{display:inline-flex;align-items:center;gap:8px;font-weight:700;text-transform:uppercase;letter-spacing:.05em}
            .green{color:#1a7f37}.yellow{color:#9a6700}.red{color:#cf222e}
            table{border-collapse:collapse;width:100%;margin:8px 0;font-size:13px}
            th,td{border:1px solid #d0d7de;padding:6px 8px;text-align:left;vertical-align:top}
            th{background:#f6f8fa}table.cases td:first-child{white-space:nowrap}
            pre{white-space:pre-wrap;word-break:break-word;margin:0;max-height:16em;overflow:auto;font-size:12px}
            .metric{font-size:16px;margin:8px 0}.muted{color:#656d76}
            tr.unscored td{background:#fff8c5}tr.failed td{background:#ffebe9}
            .matrix td{text-align:center}
            """;

    private HtmlReport() {
    }

    /** Writes the page. */
    public static void write(EvalReport report, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                page(report, w);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the HTML report " + file, e);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("cannot write the HTML report " + file, e.getCause());
        }
    }

    private static void page(EvalReport report, Writer w) throws IOException {
        w.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>Duo evaluation: " + esc(report.light().word()) + "</title><style>" + CSS + "</style></head><body>\n");
        w.write("<h1>Duo evaluation " + light(report.light(), 28) + "</h1>\n");
        w.write("<p class=\"muted\">" + report.results().size() + " result(s). Green: the metric meets the threshold; "
                + "yellow: below it by at most the margin; red: further below.</p>\n");
        if (report.results().size() > 1) {
            matrix(report, w);
        }
        for (EvalResult r : report.results()) {
            result(r, w);
        }
        w.write("</body></html>\n");
    }

    private static void matrix(EvalReport report, Writer w) throws IOException {
        Set<String> features = new LinkedHashSet<>();
        Set<String> models = new LinkedHashSet<>();
        for (EvalResult r : report.results()) {
            features.add(r.feature());
            models.add(r.model());
        }
        w.write("<h2>Compatibility matrix</h2>\n<table class=\"matrix\" id=\"matrix\"><tr><th>Feature</th>");
        for (String m : models) {
            w.write("<th>" + esc(m) + "</th>");
        }
        w.write("</tr>\n");
        for (String f : features) {
            w.write("<tr><th>" + esc(f) + "</th>");
            for (String m : models) {
                EvalResult r = report.result(f, m).orElse(null);
                w.write(r == null ? "<td class=\"muted\">not evaluated</td>"
                        : "<td>" + light(r.light(), 14) + "<br><span class=\"muted\">" + esc(r.metric().format(r.value()))
                        + "</span></td>");
            }
            w.write("</tr>\n");
        }
        w.write("</table>\n");
    }

    private static void result(EvalResult r, Writer w) throws IOException {
        Metric m = r.metric();
        w.write("<section class=\"result\"><h2>" + esc(r.featureTitle()) + " <span class=\"muted\">(" + esc(r.feature())
                + ")</span> on " + esc(r.model()) + "</h2>\n");
        w.write("<div>" + light(r.light(), 20) + "</div>\n");
        w.write("<p class=\"metric\"><b>" + esc(m.id()) + "</b> = <b>" + esc(m.format(r.value())) + "</b>, threshold "
                + esc(m.format(r.threshold())) + " (yellow from " + esc(m.format(r.yellowFrom())) + ")</p>\n");
        w.write(gauge(r));
        w.write("<p class=\"muted\">" + r.total() + " cases, " + r.passed() + " passed, " + r.unscoredIds().size()
                + " unscored; scored by " + esc(r.scorer()) + "</p>\n");
        w.write("<h3>Rating distribution</h3>\n" + bars(r));
        if (!r.unscoredIds().isEmpty()) {
            w.write("<p><b>Unscored</b> (counted as failures): " + esc(String.join(", ", r.unscoredIds())) + "</p>\n");
        }
        if (!r.skippedLines().isEmpty()) {
            w.write("<p><b>Malformed dataset lines skipped:</b></p><ul>");
            for (Dataset.Problem p : r.skippedLines()) {
                w.write("<li>line " + p.line() + ": " + esc(p.message()) + "</li>");
            }
            w.write("</ul>\n");
        }
        w.write("<h3>Cases</h3>\n<table class=\"cases\"><tr><th>Case</th><th>Input</th><th>Response</th>"
                + "<th>Score</th><th>Reason</th></tr>\n");
        Journal.forEach(r.journal(), c -> row(c, w));
        for (CaseResult c : r.failed()) {
            row(c, w);
        }
        w.write("</table></section>\n");
    }

    private static void row(CaseResult c, Writer w) {
        String cls = c.error() != null ? " class=\"failed\"" : c.unscored() ? " class=\"unscored\"" : "";
        String score = c.error() != null ? "failed" : c.score().unscored() ? "unscored"
                : c.score().rating().map(x -> "rating " + x).orElse(c.score().passed() ? "pass" : "fail");
        StringBuilder in = new StringBuilder();
        for (Map.Entry<String, Object> e : c.evalCase().inputs().entrySet()) {
            in.append(e.getKey()).append(": ").append(JudgeFeature.text(e.getValue())).append('\n');
        }
        c.evalCase().reference().ifPresent(ref -> in.append("reference: ").append(ref));
        String tags = c.evalCase().tags().isEmpty() ? "" : "<br><span class=\"muted\">" + esc(String.join(", ", c.evalCase().tags())) + "</span>";
        try {
            w.write("<tr" + cls + "><td>" + esc(c.evalCase().id()) + tags + "</td><td><pre>" + esc(in.toString().strip())
                    + "</pre></td><td><pre>" + esc(c.response()) + "</pre></td><td>" + esc(score) + "</td><td>"
                    + esc(c.error() != null ? c.error() : c.score().reason()) + "</td></tr>\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A bar from the scale's bottom to its top, the value filled, the threshold and margin marked. */
    private static String gauge(EvalResult r) {
        double lo = r.metric().isShare() ? 0 : 1;
        double hi = r.metric().isShare() ? 1 : 4;
        int width = 400;
        double v = x(r.value(), lo, hi, width);
        double t = x(r.threshold(), lo, hi, width);
        double y = x(Math.max(lo, r.threshold() - r.margin()), lo, hi, width);
        return "<svg class=\"gauge\" width=\"" + (width + 20) + "\" height=\"40\" role=\"img\" aria-label=\"metric against threshold\">"
                + "<rect x=\"10\" y=\"10\" width=\"" + width + "\" height=\"16\" fill=\"#eaeef2\"/>"
                + "<rect x=\"" + fmt(10 + y) + "\" y=\"10\" width=\"" + fmt(t - y) + "\" height=\"16\" fill=\"#fff8c5\"/>"
                + "<rect x=\"10\" y=\"14\" width=\"" + fmt(v) + "\" height=\"8\" fill=\"" + colour(r.light()) + "\"/>"
                + "<line x1=\"" + fmt(10 + t) + "\" x2=\"" + fmt(10 + t) + "\" y1=\"4\" y2=\"32\" stroke=\"#1f2328\" stroke-width=\"2\"/>"
                + "</svg>\n";
    }

    private static String bars(EvalResult r) {
        List<String> labels = new ArrayList<>(List.of("1", "2", "3", "4", "unscored"));
        List<Long> counts = new ArrayList<>(r.ratingCounts());
        counts.add((long) r.unscoredIds().size());
        long max = Math.max(1, counts.stream().mapToLong(Long::longValue).max().orElse(1));
        String[] fills = {"#cf222e", "#fb8f44", "#4ac26b", "#1a7f37", "#8c959f"};
        StringBuilder sb = new StringBuilder("<svg class=\"distribution\" width=\"440\" height=\"170\" role=\"img\" "
                + "aria-label=\"rating distribution\">");
        for (int i = 0; i < labels.size(); i++) {
            long c = counts.get(i);
            double h = 120.0 * c / max;
            int x = 20 + i * 84;
            sb.append("<rect x=\"").append(x).append("\" y=\"").append(fmt(135 - h)).append("\" width=\"60\" height=\"")
                    .append(fmt(h)).append("\" fill=\"").append(fills[i]).append("\"/>")
                    .append("<text x=\"").append(x + 30).append("\" y=\"").append(fmt(130 - h))
                    .append("\" text-anchor=\"middle\" font-size=\"12\">").append(c).append("</text>")
                    .append("<text x=\"").append(x + 30).append("\" y=\"155\" text-anchor=\"middle\" font-size=\"12\">")
                    .append(labels.get(i)).append("</text>");
        }
        return sb.append("</svg>\n").toString();
    }

    private static String light(TrafficLight l, int size) {
        int r = size / 2;
        return "<span class=\"light " + l.word() + "\"><svg width=\"" + size + "\" height=\"" + size + "\" aria-hidden=\"true\">"
                + "<circle cx=\"" + r + "\" cy=\"" + r + "\" r=\"" + (r - 1) + "\" fill=\"" + colour(l) + "\"/></svg>"
                + l.word() + "</span>";
    }

    private static String colour(TrafficLight l) {
        return switch (l) {
            case GREEN -> "#2da44e";
            case YELLOW -> "#d4a72c";
            case RED -> "#cf222e";
        };
    }

    private static double x(double value, double lo, double hi, int width) {
        double clamped = Math.max(lo, Math.min(hi, value));
        return (clamped - lo) / (hi - lo) * width;
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    /** HTML-escapes text for element content and attribute values. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
