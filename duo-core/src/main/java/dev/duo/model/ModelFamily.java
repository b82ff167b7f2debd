package dev.duo.model;

import dev.duo.feature.ReleaseState;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A model family: decides which features a model may serve and which prompt files it gets.
 *
 * <pre>{@code
 * ModelFamily.fromId("mixtral").promptLookupOrder();   // [mixtral, mistral, base]
 * }</pre>
 */
public enum ModelFamily {
    /** Mistral models. */
    MISTRAL(ReleaseState.GA, "mistral", "base"),
    /** Mixtral mixture-of-experts models; fall back on Mistral prompts. */
    MIXTRAL(ReleaseState.GA, "mixtral", "mistral", "base"),
    /** Codestral code models; fall back on Mistral prompts. */
    CODESTRAL(ReleaseState.GA, "codestral", "mistral", "base"),
    /** Anthropic Claude 3 and later. */
    CLAUDE_3(ReleaseState.GA, "claude_3", "base"),
    /** OpenAI GPT models. */
    GPT(ReleaseState.GA, "gpt", "base"),
    /** Meta Llama 3. */
    LLAMA3(ReleaseState.BETA, "llama3", "base"),
    /** Google CodeGemma. */
    CODEGEMMA(ReleaseState.BETA, "codegemma", "base"),
    /** Meta Code Llama. */
    CODELLAMA(ReleaseState.BETA, "codellama", "base"),
    /** DeepSeek Coder. */
    DEEPSEEKCODER(ReleaseState.BETA, "deepseekcoder", "base"),
    /** Google Gemini. */
    GEMINI(ReleaseState.BETA, "gemini", "base"),
    /** Any OpenAI-compatible model; uses Claude-style prompts. */
    GENERAL(ReleaseState.BETA, "claude_3", "base");

    private final ReleaseState releaseState;
    private final List<String> promptLookupOrder;

    ModelFamily(ReleaseState releaseState, String... promptLookupOrder) {
        this.releaseState = releaseState;
        this.promptLookupOrder = List.of(promptLookupOrder);
    }

    /** The id used in duo.yml and prompt paths, such as {@code claude_3}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** GA or BETA; a BETA family needs the beta opt-in. */
    public ReleaseState releaseState() {
        return releaseState;
    }

    /** The prompt families tried in order, ending with {@code base}. */
    public List<String> promptLookupOrder() {
        return promptLookupOrder;
    }

    /**
     * The family with this id.
     *
     * @throws IllegalArgumentException listing every known family
     */
    public static ModelFamily fromId(String id) {
        for (ModelFamily f : values()) {
            if (f.id().equals(id)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown model family '" + id + "'."
                + dev.duo.internal.util.Suggestions.didYouMean(String.valueOf(id), Arrays.stream(values()).map(ModelFamily::id).toList())
                + " Use one of " + allIds());
    }

    /** Every family id, comma separated, for messages. */
    public static String allIds() {
        return Arrays.stream(values()).map(ModelFamily::id).collect(Collectors.joining(", "));
    }
}
