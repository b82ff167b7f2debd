package dev.duo.call;

/**
 * The attribute names {@link CallEvent#attributes()} uses: OpenTelemetry's GenAI semantic
 * conventions where they have one, {@code duo.*} for the rest.
 *
 * <pre>{@code
 * long out = (Long) event.attributes().getOrDefault(GenAiAttributes.USAGE_OUTPUT_TOKENS, 0L);
 * }</pre>
 */
public final class GenAiAttributes {

    /** {@code chat} or {@code text_completion}. */
    public static final String OPERATION_NAME = "gen_ai.operation.name";
    /** The provider, such as {@code aws.bedrock}, {@code openai} or the platform id. */
    public static final String SYSTEM = "gen_ai.system";
    /** The model id sent to the provider. */
    public static final String REQUEST_MODEL = "gen_ai.request.model";
    /** Max tokens asked for, when set. */
    public static final String REQUEST_MAX_TOKENS = "gen_ai.request.max_tokens";
    /** Temperature asked for, when set. */
    public static final String REQUEST_TEMPERATURE = "gen_ai.request.temperature";
    /** Top p asked for, when set. */
    public static final String REQUEST_TOP_P = "gen_ai.request.top_p";
    /** Prompt tokens. */
    public static final String USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens";
    /** Answer tokens. */
    public static final String USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
    /** A list with the one finish reason, lower case, such as {@code [stop]}. */
    public static final String RESPONSE_FINISH_REASONS = "gen_ai.response.finish_reasons";
    /** The provider's request id. */
    public static final String RESPONSE_ID = "gen_ai.response.id";
    /** The error's class name, on failure. */
    public static final String ERROR_TYPE = "error.type";
    /** The feature key. */
    public static final String DUO_FEATURE = "duo.feature";
    /** The model's name in the registry. */
    public static final String DUO_MODEL = "duo.model";
    /** The model family. */
    public static final String DUO_FAMILY = "duo.model.family";
    /** The prompt chosen. */
    public static final String DUO_PROMPT = "duo.prompt";
    /** Whether the call streams. */
    public static final String DUO_STREAMING = "duo.streaming";
    /** Attempts made so far. */
    public static final String DUO_ATTEMPTS = "duo.attempts";
    /** Milliseconds from the start of the call to its end. */
    public static final String DUO_LATENCY_MS = "duo.latency_ms";
    /** Milliseconds from the start of the call to its first chunk. */
    public static final String DUO_TIME_TO_FIRST_TOKEN_MS = "duo.time_to_first_token_ms";

    private GenAiAttributes() {
    }

    /** The {@code gen_ai.system} value for a platform id. */
    public static String system(String platform) {
        return switch (platform) {
            case "bedrock" -> "aws.bedrock";
            case "openai" -> "openai";
            default -> platform;
        };
    }
}
