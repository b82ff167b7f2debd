package dev.duo.eval.internal;

import dev.duo.spi.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duo.eval.Dataset;
import dev.duo.eval.EvalCase;
import dev.duo.eval.EvaluationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Reads a JSONL dataset line by line; only the ids seen so far are kept (to refuse duplicates). */
public final class JsonlCases implements Iterator<EvalCase> {

    static final ObjectMapper JSON = Json.mapper();

    private final Path file;
    private final BufferedReader reader;
    private final boolean skip;
    private final Consumer<Dataset.Problem> onSkipped;
    private final Set<String> ids = new HashSet<>();
    private long lineNo;
    private EvalCase next;

    private JsonlCases(Path file, BufferedReader reader, boolean skip, Consumer<Dataset.Problem> onSkipped) {
        this.file = file;
        this.reader = reader;
        this.skip = skip;
        this.onSkipped = onSkipped;
    }

    /** A lazy stream of the file's cases; closing it closes the file. */
    public static Stream<EvalCase> open(Path file, boolean skip, Consumer<Dataset.Problem> onSkipped) {
        BufferedReader reader;
        try {
            reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new EvaluationException("the dataset " + file + " does not exist");
        } catch (IOException e) {
            throw new EvaluationException("cannot read the dataset " + file + ": " + e.getMessage(), e);
        }
        JsonlCases it = new JsonlCases(file, reader, skip, onSkipped);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(() -> {
                    try {
                        reader.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    @Override
    public boolean hasNext() {
        while (next == null) {
            String line;
            try {
                line = reader.readLine();
            } catch (IOException e) {
                throw new EvaluationException("cannot read the dataset " + file + " after line " + lineNo + ": "
                        + e.getMessage(), e);
            }
            if (line == null) {
                return false;
            }
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                next = parse(line, lineNo);
            } catch (IllegalArgumentException e) {
                if (!skip) {
                    throw new EvaluationException(file + ", line " + lineNo + ": " + e.getMessage()
                            + " (fix the line, or skip malformed lines: --skip-malformed)");
                }
                onSkipped.accept(new Dataset.Problem(lineNo, e.getMessage()));
            }
        }
        return true;
    }

    @Override
    public EvalCase next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        EvalCase c = next;
        next = null;
        return c;
    }

    private EvalCase parse(String line, long n) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a case must be a JSON object, got " + (node == null ? "nothing" : node.getNodeType()));
        }
        JsonNode inputs = node.get("inputs");
        if (inputs == null || !inputs.isObject()) {
            throw new IllegalArgumentException("a case needs \"inputs\": an object of the feature's named inputs");
        }
        String id;
        JsonNode idNode = node.get("id");
        if (idNode == null || idNode.isNull()) {
            id = Long.toString(n);
        } else if (idNode.isTextual() || idNode.isIntegralNumber()) {
            id = idNode.asText();
        } else {
            throw new IllegalArgumentException("\"id\" must be a string or a whole number");
        }
        if (id.isBlank()) {
            throw new IllegalArgumentException("\"id\" must not be blank");
        }
        if (!ids.add(id)) {
            throw new IllegalArgumentException("the id '" + id + "' is used by an earlier line");
        }
        JsonNode ref = node.get("reference");
        if (ref != null && !ref.isNull() && !ref.isTextual()) {
            throw new IllegalArgumentException("\"reference\" must be a string");
        }
        List<String> tags = new ArrayList<>();
        JsonNode t = node.get("tags");
        if (t != null && !t.isNull()) {
            if (!t.isArray()) {
                throw new IllegalArgumentException("\"tags\" must be a list of strings");
            }
            t.forEach(x -> {
                if (!x.isTextual()) {
                    throw new IllegalArgumentException("\"tags\" must be a list of strings");
                }
                tags.add(x.asText());
            });
        }
        Map<String, Object> in = new LinkedHashMap<>();
        inputs.fields().forEachRemaining(e -> in.put(e.getKey(), toValue(e.getValue())));
        return new EvalCase(id, n, in, ref == null || ref.isNull() ? null : ref.asText(), tags);
    }

    /** Strings stay strings, lists become lists; other values keep their JSON shape. */
    static Object toValue(JsonNode v) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isArray()) {
            List<Object> out = new ArrayList<>();
            v.forEach(x -> out.add(toValue(x)));
            return out;
        }
        return JSON.convertValue(v, Object.class);
    }
}
