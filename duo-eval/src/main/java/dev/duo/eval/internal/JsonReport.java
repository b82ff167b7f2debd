package dev.duo.eval.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.duo.eval.CaseResult;
import dev.duo.eval.Dataset;
import dev.duo.eval.EvalReport;
import dev.duo.eval.EvalResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The JSON report: streamed, so the cases come from the journals without all being held at once. */
public final class JsonReport {

    private JsonReport() {
    }

    /** Writes the report. */
    public static void write(EvalReport report, Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            try (JsonGenerator g = CaseJson.MAPPER.getFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
                g.useDefaultPrettyPrinter();
                g.writeStartObject();
                g.writeStringField("light", report.light().word());
                g.writeArrayFieldStart("results");
                for (EvalResult r : report.results()) {
                    result(g, r);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("matrix");
                for (EvalResult r : report.results()) {
                    g.writeStartObject();
                    g.writeStringField("feature", r.feature());
                    g.writeStringField("model", r.model());
                    g.writeStringField("light", r.light().word());
                    g.writeNumberField("value", r.value());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the JSON report " + file, e);
        }
    }

    private static void result(JsonGenerator g, EvalResult r) throws IOException {
        g.writeStartObject();
        g.writeStringField("feature", r.feature());
        g.writeStringField("feature_title", r.featureTitle());
        g.writeStringField("model", r.model());
        g.writeStringField("scorer", r.scorer());
        g.writeStringField("metric", r.metric().id());
        g.writeNumberField("value", r.value());
        g.writeNumberField("threshold", r.threshold());
        g.writeNumberField("margin", r.margin());
        g.writeStringField("light", r.light().word());
        g.writeNumberField("cases", r.total());
        g.writeNumberField("passed", r.passed());
        g.writeObjectFieldStart("rating_distribution");
        for (int i = 0; i < r.ratingCounts().size(); i++) {
            g.writeNumberField(Integer.toString(i + 1), r.ratingCounts().get(i));
        }
        g.writeEndObject();
        g.writeArrayFieldStart("unscored");
        for (String id : r.unscoredIds()) {
            g.writeString(id);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("skipped_lines");
        for (Dataset.Problem p : r.skippedLines()) {
            g.writeStartObject();
            g.writeNumberField("line", p.line());
            g.writeStringField("message", p.message());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("journal", r.journal().toString());
        g.writeArrayFieldStart("cases");
        Journal.forEach(r.journal(), c -> writeCase(g, c));
        for (CaseResult c : r.failed()) {
            writeCase(g, c);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeCase(JsonGenerator g, CaseResult c) {
        try {
            g.writeTree(CaseJson.toJson(c));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
