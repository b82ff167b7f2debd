package dev.duo.model;

import dev.duo.feature.ReleaseState;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A model family: decides which features a model may serve and which prompt files it gets. The
 * release states and prompt lookup orders are data ({@code dev/duo/model/families.yml}).
 *
 * <pre>{@code
 * ModelFamily.fromId("mixtral").promptLookupOrder();   // [mixtral, mistral, base]
 * ModelFamily.CLAUDE_3.promptLookupOrder();              // [base]
 * }</pre>
 */
public enum ModelFamily {
    /** Mistral models. */
    MISTRAL,
    /** Mixtral mixture-of-experts models; fall back on Mistral prompts. */
    MIXTRAL,
    /** Codestral code models; fall back on Mistral prompts. */
    CODESTRAL,
    /** Anthropic Claude 3 and later; base prompts (the gateway's are written for Claude). */
    CLAUDE_3,
    /** OpenAI GPT models. */
    GPT,
    /** Meta Llama 3. */
    LLAMA3,
    /** Google CodeGemma. */
    CODEGEMMA,
    /** Meta Code Llama. */
    CODELLAMA,
    /** DeepSeek Coder. */
    DEEPSEEKCODER,
    /** Google Gemini. */
    GEMINI,
    /** Any OpenAI-compatible model; base prompts. */
    GENERAL,
    /** Alibaba Qwen models (BETA in GitLab 18.x). */
    QWEN;

    /** The lower-case ids, by ordinal: {@link #id()} is read on every call (provenance, events). */
    private static final String[] IDS = lowerCaseNames();

    // A loop, not a stream: this runs at start-up, where each lambda costs a class spun at run time.
    private static String[] lowerCaseNames() {
        ModelFamily[] all = values();
        String[] ids = new String[all.length];
        for (int i = 0; i < all.length; i++) {
            ids[i] = all[i].name().toLowerCase(Locale.ROOT);
        }
        return ids;
    }

    /** The id used in duo.yml and prompt paths, such as {@code claude_3}. */
    public String id() {
        return IDS[ordinal()];
    }

    /** GA or BETA (the bundled family table); a BETA family needs the beta opt-in. */
    public ReleaseState releaseState() {
        return dev.duo.internal.model.FamilyTable.bundled().releaseState(this);
    }

    /**
     * The prompt folders tried in order, ending with {@code base}, as the bundled family table
     * (the gateway's {@code models.yml}) has them; duo.yml's {@code prompt_lookup} may replace them
     * for a registry ({@link dev.duo.prompt.PromptRegistry#lookupOrder(ModelFamily)}).
     */
    public List<String> promptLookupOrder() {
        return dev.duo.internal.model.FamilyTable.bundled().lookupOrder(this);
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
