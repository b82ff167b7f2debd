package dev.duo;

/** Why a model stopped producing text, normalised across providers. *
 * <pre>{@code
 * if (completion.finishReason() == FinishReason.LENGTH) askForMore();
 * }</pre>
 */
public enum FinishReason {
    /** The model finished its answer (OpenAI {@code stop}, Bedrock {@code end_turn}). */
    STOP,
    /** A stop sequence was produced (Bedrock {@code stop_sequence}; OpenAI reports {@code stop}). */
    STOP_SEQUENCE,
    /** The answer hit the max-tokens limit and is cut short. */
    LENGTH,
    /** The provider filtered the content or a guardrail intervened. */
    CONTENT_FILTER,
    /** The model asked to call a tool. */
    TOOL_CALLS,
    /** The prompt and answer did not fit the model's context window. */
    CONTEXT_WINDOW_EXCEEDED,
    /** The provider gave a reason this SDK does not know, or none. */
    OTHER
}
