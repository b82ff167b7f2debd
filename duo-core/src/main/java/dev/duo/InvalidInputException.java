package dev.duo;

/**
 * The inputs of a feature call are wrong: an input the feature does not declare, a required one missing, a value of the wrong kind. The message lists what the feature accepts.
 *
 * <pre>{@code
 * try {
 *     client.generate(inputs);
 * } catch (InvalidInputException e) { return badRequest(e.getMessage()); }   // lists the declared inputs
 * }</pre>
 *
 * @deprecated catch {@link InvalidRequestException}, the one type for a request that cannot be
 *     served as sent (the caller's inputs or the provider's refusal); the SDK throws this subtype for
 *     one more release so that existing {@code catch} blocks keep catching
 */
@Deprecated(since = "0.1.0", forRemoval = true)
public class InvalidInputException extends InvalidRequestException {

    /** With a message that names the fix, and no context. */
    public InvalidInputException(String message) {
        this(message, null, ErrorContext.NONE);
    }

    /**
     * With everything known.
     *
     * @param message what happened and what to do about it
     * @param cause the underlying exception, or null
     * @param context provider, model, status, request id where known
     */
    public InvalidInputException(String message, Throwable cause, ErrorContext context) {
        super(message, cause, context);
    }
}
