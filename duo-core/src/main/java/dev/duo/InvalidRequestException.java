package dev.duo;

/**
 * The request cannot be served as sent: the caller's inputs are wrong (an input the feature does not
 * declare, a required one missing, a value of the wrong kind: the message lists what the feature
 * accepts), or the provider rejected the request as invalid (HTTP 400, 413, validation). Not
 * retryable; fix what is sent.
 *
 * <pre>{@code
 * try {
 *     client.generate(inputs);
 * } catch (InvalidRequestException e) { log.error("rejected: {}", e.getMessage()); }
 * }</pre>
 */
public class InvalidRequestException extends DuoException {

    /** With a message that names the fix, and no context. */
    public InvalidRequestException(String message) {
        this(message, null, ErrorContext.NONE);
    }

    /**
     * With everything known.
     *
     * @param message what happened and what to do about it
     * @param cause the underlying exception, or null
     * @param context provider, model, status, request id where known
     */
    public InvalidRequestException(String message, Throwable cause, ErrorContext context) {
        super(message, cause, false, context);
    }
}
