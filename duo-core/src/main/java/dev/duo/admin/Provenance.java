package dev.duo.admin;

import java.util.Objects;

/**
 * Which feature, model, prompt and provider served an answer: what an operator needs to explain it.
 *
 * <pre>{@code
 * completion.provenance().ifPresent(p -> log.info("served by {} ({})", p.model(), p.prompt()));
 * }</pre>
 *
 * @param feature the feature key, such as {@code code_generations}
 * @param model the model's name in the registry
 * @param family the model family, such as {@code mixtral}
 * @param platform the platform that served it, such as {@code fireworks_ai} or {@code bedrock}
 * @param prompt the prompt file chosen, as {@code <id>/<family>/<version>}
 */
@SuppressWarnings("removal") // implements its old name for one release
public record Provenance(String feature, String model, String family, String platform, String prompt)
        implements dev.duo.Provenance {

    /** Rejects null parts. */
    public Provenance {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(prompt, "prompt");
    }
}
