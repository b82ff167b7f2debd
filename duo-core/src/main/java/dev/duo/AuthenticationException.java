package dev.duo;

/**
 * The provider rejected the credentials (HTTP 401/403, access denied). Not retryable: check the model's api key or AWS credentials.
 *
 * <pre>{@code
 * try {
 *     client.generate(inputs);
 * } catch (AuthenticationException e) { alertOps(e.context().provider().orElse("?")); }
 * }</pre>
 */
public class AuthenticationException extends DuoException {

    /** With a message that names the fix, and no context. */
    public AuthenticationException(String message) {
        this(message, null, ErrorContext.NONE);
    }

    /**
     * With everything known.
     *
     * @param message what happened and what to do about it
     * @param cause the underlying exception, or null
     * @param context provider, model, status, request id where known
     */
    public AuthenticationException(String message, Throwable cause, ErrorContext context) {
        super(message, cause, false, context);
    }
}
