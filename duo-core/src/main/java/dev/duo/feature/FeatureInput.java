package dev.duo.feature;

import java.util.Objects;

/**
 * One named input a feature takes, as declared in the feature metadata.
 *
 * <pre>{@code
 * feature.inputs().forEach(i -> System.out.println(i.name() + (i.required() ? " (required)" : "")));
 * }</pre>
 *
 * @param name the variable name prompts use, such as {@code user_instruction}
 * @param required whether a call must pass it
 * @param kind text, list or conversation
 */
public record FeatureInput(String name, boolean required, InputKind kind) {

    /** Rejects a null or blank name. */
    public FeatureInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (name.isBlank()) {
            throw new IllegalArgumentException("feature input name must not be blank");
        }
    }
}
