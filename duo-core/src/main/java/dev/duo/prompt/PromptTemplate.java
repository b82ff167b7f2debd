package dev.duo.prompt;

import dev.duo.ModelParams;
import dev.duo.feature.Feature;
import dev.duo.spi.RequestMode;
import java.util.Map;
import java.util.Set;

/**
 * One prompt definition file, loaded and parsed once: immutable and safe to render concurrently.
 *
 * <pre>{@code
 * PromptTemplate t = registry.select("chat/explain_code", ModelFamily.MIXTRAL, "^1.0.0");
 * RenderedPrompt p = t.render(feature, Map.of("selected_text", code));
 * }</pre>
 */
public interface PromptTemplate {

    /** The prompt id, such as {@code chat/explain_code}. */
    String id();

    /** The family directory the file was found in, such as {@code mistral} or {@code base}. */
    String family();

    /** The file's version, such as {@code 1.0.0}. */
    String version();

    /** Where the file came from: {@code bundled} or the user file's path. */
    String source();

    /** {@code <id>/<family>/<version>}, as shown in provenance. */
    String describe();

    /** The prompt's own parameters. */
    ModelParams params();

    /**
     * {@link RequestMode#CHAT} for role messages, or {@link RequestMode#TEXT} for a raw text prompt
     * (a definition whose {@code prompt_template} has the single key {@code prompt}).
     */
    RequestMode mode();

    /** The definition file, for messages: a user file's path, or {@code classpath:dev/duo/prompts/...}. */
    String file();

    /** Every variable the templates (and their includes) use, sorted: a call must supply each one. */
    Set<String> variables();

    /**
     * Every input name the templates read (and a placeholder's list input), sorted: a superset of
     * {@link #variables()} that also holds names a {@code with} or {@code set} binds, which the
     * gateway still accepts as inputs.
     */
    Set<String> acceptedInputs();

    /**
     * Renders the prompt with {@code inputs} alone, as the gateway does, whether or not a feature
     * uses it: values are data (strings, numbers, booleans, lists, maps, null for Python's None).
     *
     * <pre>{@code
     * RenderedPrompt p = registry.find("categorize_question", "base", "1.0.0").orElseThrow()
     *         .render(Map.of("question", "How do I rebase?", "previous_answer", ""));
     * }</pre>
     *
     * @throws dev.duo.InvalidInputException for an input the templates do not use (listing those they
     *     use), a missing one (naming it and the file), or a template error (naming the file)
     */
    RenderedPrompt render(Map<String, ?> inputs);

    /**
     * Renders the prompt for one call of {@code feature}.
     *
     * @throws dev.duo.InvalidInputException for an input neither declared nor used (listing the
     *     declared ones), a missing required or needed input (naming it and the prompt file), or a
     *     value of the wrong kind
     */
    RenderedPrompt render(Feature feature, Map<String, ?> inputs);

    /**
     * As {@link #render(Feature, Map)}, counting against a call's deadline: rendering that is still
     * running after {@code budget} stops with a {@link dev.duo.DuoTimeoutException}. Every render,
     * with or without a budget, is also bounded in output size, steps and nesting; running out of
     * those is an {@link dev.duo.InvalidInputException} naming the template file.
     *
     * <pre>{@code
     * RenderedPrompt p = template.render(feature, inputs, Duration.ofSeconds(5));
     * }</pre>
     */
    RenderedPrompt render(Feature feature, Map<String, ?> inputs, java.time.Duration budget);
}
