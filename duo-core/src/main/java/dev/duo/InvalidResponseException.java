package dev.duo;

/**
 * The provider answered with something this SDK cannot read: malformed JSON, a wrong content type,
 * a truncated stream. Retryable only when the constructor says so (a truncated stream is, a body
 * that is malformed every time is not).
 *
 * <pre>{@code
 * try {
 *     client.generate(inputs);
 * } catch (InvalidResponseException e) { if (e.retryable()) retryLater(); }
 * }</pre>
 */
public class InvalidResponseException extends DuoException {

    /** A non-retryable invalid response. */
    public InvalidResponseException(String message) {
        this(message, null, false, ErrorContext.NONE);
    }

    /**
     * With everything known.
     *
     * @param message what was wrong with the response
     * @param cause the parse error, or null
     * @param retryable whether trying again may help
     * @param context provider, model, status, request id where known
     */
    public InvalidResponseException(String message, Throwable cause, boolean retryable, ErrorContext context) {
        super(message, cause, retryable, context);
    }
}
