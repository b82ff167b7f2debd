package dev.duo;

/**
 * The provider could not be reached or is overloaded: a connection failure, HTTP 5xx or 503 load shedding. Retryable.
 *
 * <pre>{@code
 * try {
 *     client.generate(inputs);
 * } catch (ProviderUnavailableException e) { circuitBreaker.recordFailure(); }
 * }</pre>
 */
public class ProviderUnavailableException extends DuoException {

    /** With a message that names the fix, and no context. */
    public ProviderUnavailableException(String message) {
        this(message, null, ErrorContext.NONE);
    }

    /**
     * With everything known.
     *
     * @param message what happened and what to do about it
     * @param cause the underlying exception, or null
     * @param context provider, model, status, request id where known
     */
    public ProviderUnavailableException(String message, Throwable cause, ErrorContext context) {
        super(message, cause, true, context);
    }
}
