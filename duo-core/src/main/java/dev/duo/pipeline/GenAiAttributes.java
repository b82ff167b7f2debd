package dev.duo.pipeline;

/**
 * Moved to {@link dev.duo.call.GenAiAttributes}; goes in the next release.
 *
 * <pre>{@code
 * // before: import dev.duo.pipeline.GenAiAttributes;
 * import dev.duo.call.GenAiAttributes;
 * }</pre>
 *
 * @deprecated use {@link dev.duo.call.GenAiAttributes}
 */
@Deprecated(since = "0.1.0", forRemoval = true)
public final class GenAiAttributes {

    /** See {@link dev.duo.call.GenAiAttributes#OPERATION_NAME}. */
    public static final String OPERATION_NAME = dev.duo.call.GenAiAttributes.OPERATION_NAME;
    /** See {@link dev.duo.call.GenAiAttributes#SYSTEM}. */
    public static final String SYSTEM = dev.duo.call.GenAiAttributes.SYSTEM;
    /** See {@link dev.duo.call.GenAiAttributes#REQUEST_MODEL}. */
    public static final String REQUEST_MODEL = dev.duo.call.GenAiAttributes.REQUEST_MODEL;
    /** See {@link dev.duo.call.GenAiAttributes#REQUEST_MAX_TOKENS}. */
    public static final String REQUEST_MAX_TOKENS = dev.duo.call.GenAiAttributes.REQUEST_MAX_TOKENS;
    /** See {@link dev.duo.call.GenAiAttributes#REQUEST_TEMPERATURE}. */
    public static final String REQUEST_TEMPERATURE = dev.duo.call.GenAiAttributes.REQUEST_TEMPERATURE;
    /** See {@link dev.duo.call.GenAiAttributes#REQUEST_TOP_P}. */
    public static final String REQUEST_TOP_P = dev.duo.call.GenAiAttributes.REQUEST_TOP_P;
    /** See {@link dev.duo.call.GenAiAttributes#USAGE_INPUT_TOKENS}. */
    public static final String USAGE_INPUT_TOKENS = dev.duo.call.GenAiAttributes.USAGE_INPUT_TOKENS;
    /** See {@link dev.duo.call.GenAiAttributes#USAGE_OUTPUT_TOKENS}. */
    public static final String USAGE_OUTPUT_TOKENS = dev.duo.call.GenAiAttributes.USAGE_OUTPUT_TOKENS;
    /** See {@link dev.duo.call.GenAiAttributes#RESPONSE_FINISH_REASONS}. */
    public static final String RESPONSE_FINISH_REASONS = dev.duo.call.GenAiAttributes.RESPONSE_FINISH_REASONS;
    /** See {@link dev.duo.call.GenAiAttributes#RESPONSE_ID}. */
    public static final String RESPONSE_ID = dev.duo.call.GenAiAttributes.RESPONSE_ID;
    /** See {@link dev.duo.call.GenAiAttributes#ERROR_TYPE}. */
    public static final String ERROR_TYPE = dev.duo.call.GenAiAttributes.ERROR_TYPE;
    /** See {@link dev.duo.call.GenAiAttributes#DUO_FEATURE}. */
    public static final String DUO_FEATURE = dev.duo.call.GenAiAttributes.DUO_FEATURE;
    /** See {@link dev.duo.call.GenAiAttributes#DUO_MODEL}. */
    public static final String DUO_MODEL = dev.duo.call.GenAiAttributes.DUO_MODEL;
    /** See {@link dev.duo.call.GenAiAttributes#DUO_FAMILY}. */
    public static final String DUO_FAMILY = dev.duo.call.GenAiAttributes.DUO_FAMILY;
    /** See {@link dev.duo.call.GenAiAttributes#DUO_PROMPT}. */
    public static final String DUO_PROMPT = dev.duo.call.GenAiAttributes.DUO_PROMPT;
    /** See {@link dev.duo.call.GenAiAttributes#DUO_STREAMING}. */
    public static final String DUO_STREAMING = dev.duo.call.GenAiAttributes.DUO_STREAMING;
    /** See {@link dev.duo.call.GenAiAttributes#DUO_ATTEMPTS}. */
    public static final String DUO_ATTEMPTS = dev.duo.call.GenAiAttributes.DUO_ATTEMPTS;
    /** See {@link dev.duo.call.GenAiAttributes#DUO_LATENCY_MS}. */
    public static final String DUO_LATENCY_MS = dev.duo.call.GenAiAttributes.DUO_LATENCY_MS;
    /** See {@link dev.duo.call.GenAiAttributes#DUO_TIME_TO_FIRST_TOKEN_MS}. */
    public static final String DUO_TIME_TO_FIRST_TOKEN_MS = dev.duo.call.GenAiAttributes.DUO_TIME_TO_FIRST_TOKEN_MS;

    private GenAiAttributes() {
    }
}
