package dev.duo;

/**
 * Tokens a call consumed, as the provider reported them.
 *
 * <pre>{@code
 * long cost = completion.usage().totalTokens();
 * }</pre>
 *
 * @param inputTokens tokens of the prompt
 * @param outputTokens tokens of the answer
 */
public record Usage(long inputTokens, long outputTokens) {

    /** Usage when the provider reported none. */
    public static final Usage UNKNOWN = new Usage(0, 0);

    /** Rejects negative counts. */
    public Usage {
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative: " + inputTokens + ", " + outputTokens);
        }
    }

    /** Input plus output tokens. */
    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
