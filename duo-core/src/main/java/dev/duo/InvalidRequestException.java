package dev.duo;

/**
 * The provider rejected the request as invalid (HTTP 400, 413, validation). Not retryable.
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
