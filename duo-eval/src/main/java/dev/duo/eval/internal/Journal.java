package dev.duo.eval.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duo.eval.CaseResult;
import dev.duo.eval.EvaluationException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The run journal: a JSONL file, a header line naming the run (feature, model, dataset, scorer),
 * then one finished case per line, flushed as each case finishes, so a run killed half way loses
 * at most the cases in flight. A resumed run reads the finished ids, drops a torn last line and
 * appends. Thread-safe.
 */
public final class Journal implements AutoCloseable {

    private final Path file;
    private final BufferedWriter writer;
    private final Set<String> finished;

    private Journal(Path file, BufferedWriter writer, Set<String> finished) {
        this.file = file;
        this.writer = writer;
        this.finished = finished;
    }

    /**
     * Opens the journal of a run: a new one (replacing an old file), or, when resuming, the old one.
     *
     * @throws EvaluationException when resuming a journal of another feature or model
     */
    public static Journal open(Path file, ObjectNode header, boolean resume) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Set<String> finished = new HashSet<>();
            if (resume && Files.exists(file) && Files.size(file) > 0) {
                dropTornLine(file);
                checkHeader(file, header);
                forEach(file, r -> finished.add(r.evalCase().id()));
                BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                return new Journal(file, w, finished);
            }
            BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            w.write(CaseJson.MAPPER.writeValueAsString(header));
            w.write('\n');
            w.flush();
            return new Journal(file, w, finished);
        } catch (IOException e) {
            throw new EvaluationException("cannot open the run journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** The ids of cases finished by earlier runs (resuming), not to be run again. */
    public Set<String> finishedIds() {
        return Set.copyOf(finished);
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** Writes one finished case and flushes it to the operating system. */
    public synchronized void append(CaseResult result) {
        try {
            writer.write(CaseJson.MAPPER.writeValueAsString(CaseJson.toJson(result)));
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the run journal " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Calls {@code action} with each finished case of a journal, in order; torn or foreign lines are skipped. */
    public static void forEach(Path file, Consumer<CaseResult> action) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = r.readLine(); // the header
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                CaseResult c;
                try {
                    c = CaseJson.fromJson(CaseJson.MAPPER.readTree(line));
                } catch (JsonProcessingException | RuntimeException e) {
                    continue;
                }
                action.accept(c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the run journal " + file, e);
        }
    }

    private static void checkHeader(Path file, ObjectNode expected) throws IOException {
        String first;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            first = r.readLine();
        }
        JsonNode got;
        try {
            got = first == null ? null : CaseJson.MAPPER.readTree(first);
        } catch (JsonProcessingException e) {
            got = null;
        }
        if (got == null || !got.has("duo_eval_journal")) {
            throw new EvaluationException(file + " is not a duo eval journal: cannot resume from it (run without --resume to start afresh)");
        }
        for (String key : new String[] {"feature", "model", "scorer"}) {
            if (!expected.path(key).asText().equals(got.path(key).asText())) {
                throw new EvaluationException("cannot resume: the journal " + file + " is of " + key + " '"
                        + got.path(key).asText() + "', this run's is '" + expected.path(key).asText()
                        + "' (run without --resume to start afresh)");
            }
        }
    }

    /** A process killed while writing leaves a last line without its newline: cut it off. */
    private static void dropTornLine(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long len = raf.length();
            long pos = len - 1;
            while (pos >= 0) {
                raf.seek(pos);
                if (raf.read() == '\n') {
                    break;
                }
                pos--;
            }
            if (pos < len - 1) {
                raf.setLength(pos + 1);
            }
        }
    }
}
