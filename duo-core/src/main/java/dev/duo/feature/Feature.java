package dev.duo.feature;

import dev.duo.model.ModelFamily;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An AI feature (code generation, chat, explain code ...) as GitLab's feature settings describe it.
 *
 * <pre>{@code
 * Feature f = FeatureRegistry.bundled().get("code_generation");   // alias of code_generations
 * f.supports(ModelFamily.MIXTRAL);                                 // true
 * }</pre>
 *
 * @param key the feature key, such as {@code code_generations}
 * @param title the human title, such as {@code Code Generation}
 * @param releaseState GA, BETA or EXPERIMENT
 * @param category GitLab's {@code main_feature}, such as {@code Code Suggestions}
 * @param families the model families it is compatible with ({@code compatible_llms})
 * @param unitPrimitives its unit primitives
 * @param aliases other keys that resolve to it, such as {@code code_generation}
 * @param promptId the prompt definition id, such as {@code code_suggestions/generations}
 * @param promptVersion the default version constraint for its prompt, such as {@code ^1.0.0}
 * @param inputs the named inputs a call passes
 */
public record Feature(
        String key,
        String title,
        ReleaseState releaseState,
        String category,
        List<ModelFamily> families,
        List<String> unitPrimitives,
        List<String> aliases,
        String promptId,
        String promptVersion,
        List<FeatureInput> inputs) {

    /** Validates and copies the lists. */
    public Feature {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(releaseState, "releaseState");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(promptId, "promptId");
        Objects.requireNonNull(promptVersion, "promptVersion");
        families = List.copyOf(families);
        unitPrimitives = List.copyOf(unitPrimitives);
        aliases = List.copyOf(aliases);
        inputs = List.copyOf(inputs);
        if (families.isEmpty()) {
            throw new IllegalArgumentException("feature " + key + " must support at least one model family");
        }
    }

    /** Whether a model of this family may serve the feature. */
    public boolean supports(ModelFamily family) {
        return families.contains(family);
    }

    /** The declared input of that name. */
    public Optional<FeatureInput> input(String name) {
        return inputs.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /**
     * The declared input of that name.
     *
     * @throws dev.duo.InvalidInputException naming the closest declared input and listing them all
     */
    public FeatureInput requireInput(String name) {
        return input(name).orElseThrow(() -> new dev.duo.InvalidInputException(key + " takes no input '" + name + "'."
                + dev.duo.internal.util.Suggestions.didYouMean(String.valueOf(name),
                        inputs.stream().map(FeatureInput::name).toList())
                + " Its inputs: " + String.join(", ", inputs.stream()
                        .map(i -> i.name() + (i.required() ? " (required)" : "")).toList())));
    }

    /** Whether the feature takes a conversation (a chat feature). */
    public boolean isConversational() {
        return inputs.stream().anyMatch(i -> i.kind() == InputKind.CONVERSATION);
    }
}
