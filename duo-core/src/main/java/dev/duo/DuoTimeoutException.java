package dev.duo;

/**
 * A deadline passed: connect, per attempt, overall, or no data on a stream for too long. Retryable.
 *
 * <pre>{@code
 * try {
 *     client.generate(inputs);
 * } catch (DuoTimeoutException e) { return "The assistant took too long; try again."; }
 * }</pre>
 */
public class DuoTimeoutException extends DuoException {

    /** With a message that names the fix, and no context. */
    public DuoTimeoutException(String message) {
        this(message, null, ErrorContext.NONE);
    }

    /**
     * With everything known.
     *
     * @param message what happened and what to do about it
     * @param cause the underlying exception, or null
     * @param context provider, model, status, request id where known
     */
    public DuoTimeoutException(String message, Throwable cause, ErrorContext context) {
        super(message, cause, true, context);
    }
}
