package dev.duo.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One case of a dataset: the feature's named inputs, optionally a reference answer and tags.
 *
 * <pre>{@code
 * EvalCase c = EvalCase.of("fizzbuzz", Map.of("user_instruction", "fizzbuzz in Java"));
 * }</pre>
 */
public final class EvalCase {

    private final String id;
    private final long line;
    private final Map<String, Object> inputs;
    private final String reference;
    private final List<String> tags;

    /**
     * A case.
     *
     * @param id its id (unique in the dataset)
     * @param line the dataset line it came from (0 when made in code)
     * @param inputs the feature's inputs
     * @param reference the reference answer, or null
     * @param tags free-form tags (may be empty)
     */
    public EvalCase(String id, long line, Map<String, ?> inputs, String reference, List<String> tags) {
        this.id = Objects.requireNonNull(id, "id");
        this.line = line;
        this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(inputs, "inputs")));
        this.reference = reference;
        this.tags = List.copyOf(tags);
    }

    /** A case without reference or tags. */
    public static EvalCase of(String id, Map<String, ?> inputs) {
        return new EvalCase(id, 0, inputs, null, List.of());
    }

    /** The id. */
    public String id() {
        return id;
    }

    /** The line of the dataset it came from (1 first; 0 when made in code). */
    public long line() {
        return line;
    }

    /** The inputs, in dataset order. */
    public Map<String, Object> inputs() {
        return inputs;
    }

    /** The reference answer, when the dataset gives one. */
    public Optional<String> reference() {
        return Optional.ofNullable(reference);
    }

    /** The tags. */
    public List<String> tags() {
        return tags;
    }

    /** The same case with a reference answer. */
    public EvalCase withReference(String reference) {
        return new EvalCase(id, line, inputs, reference, tags);
    }

    @Override
    public String toString() {
        return "EvalCase{" + id + (line > 0 ? " (line " + line + ")" : "") + ", inputs=" + inputs.keySet() + '}';
    }
}
