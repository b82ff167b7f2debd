package dev.duo.eval;

import dev.duo.eval.internal.JsonlCases;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A JSONL dataset: one case per line, read as a stream so a large dataset never sits in memory.
 * A line is an object with {@code inputs} (the feature's named inputs), and optionally {@code id}
 * (else the line number), {@code reference} (a reference answer) and {@code tags}. Blank lines are
 * ignored. A resumed run knows finished cases by id, so give ids to a dataset that may be edited
 * between runs (line numbers move). A malformed line is reported with its number; it stops the run unless
 * {@link #skipMalformed()} was asked for, in which case it is skipped and listed in the report.
 *
 * <pre>{@code
 * // cases.jsonl:
 * // {"id": "csv-1", "inputs": {"selected_text": "line.split(\",\")"}, "reference": "Splits on commas.", "tags": ["java"]}
 * Dataset ds = Dataset.jsonl(Path.of("cases.jsonl")).skipMalformed();
 * try (Stream<EvalCase> cases = ds.stream()) {
 *     cases.forEach(System.out::println);
 * }
 * }</pre>
 */
public final class Dataset {

    /** A line that could not be read as a case. */
    public record Problem(long line, String message) {
        @Override
        public String toString() {
            return "line " + line + ": " + message;
        }
    }

    private final Path file;
    private final boolean skipMalformed;

    private Dataset(Path file, boolean skipMalformed) {
        this.file = Objects.requireNonNull(file, "file");
        this.skipMalformed = skipMalformed;
    }

    /** The dataset in this JSONL file (read when streamed); malformed lines are fatal. */
    public static Dataset jsonl(Path file) {
        return new Dataset(file, false);
    }

    /** The same dataset, skipping malformed lines (each reported with its number) instead of failing. */
    public Dataset skipMalformed() {
        return new Dataset(file, true);
    }

    /** The same dataset, failing on the first malformed line (the default). */
    public Dataset failOnMalformed() {
        return new Dataset(file, false);
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** Whether malformed lines are skipped. */
    public boolean skipsMalformed() {
        return skipMalformed;
    }

    /**
     * The cases, read lazily; close the stream. Skipped lines go to {@code onSkipped}.
     *
     * @throws EvaluationException (when consumed) for a missing file, or a malformed line unless skipped
     */
    public Stream<EvalCase> stream(Consumer<Problem> onSkipped) {
        return JsonlCases.open(file, skipMalformed, Objects.requireNonNull(onSkipped, "onSkipped"));
    }

    /** The cases, read lazily; close the stream. Skipped lines are dropped silently. */
    public Stream<EvalCase> stream() {
        return stream(p -> { });
    }

    @Override
    public String toString() {
        return "Dataset{" + file + (skipMalformed ? ", skip malformed" : "") + '}';
    }
}
