package dev.duo;

/**
 * The provider refused the call for now (HTTP 429, throttling). Retryable; {@link ErrorContext#retryAfter()} holds the wait the provider asked for, where it gave one.
 *
 * <pre>{@code
 * try {
 *     client.generate(inputs);
 * } catch (RateLimitedException e) { e.context().retryAfter().ifPresent(wait -> backOff(wait)); }
 * }</pre>
 */
public class RateLimitedException extends DuoException {

    /** With a message that names the fix, and no context. */
    public RateLimitedException(String message) {
        this(message, null, ErrorContext.NONE);
    }

    /**
     * With everything known.
     *
     * @param message what happened and what to do about it
     * @param cause the underlying exception, or null
     * @param context provider, model, status, request id where known
     */
    public RateLimitedException(String message, Throwable cause, ErrorContext context) {
        super(message, cause, true, context);
    }
}
