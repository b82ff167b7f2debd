package dev.duo;

/**
 * The provider does not know (or has not deployed) the model id (HTTP 404). Not retryable: check the model's identifier.
 *
 * <pre>{@code
 * try {
 *     client.generate(inputs);
 * } catch (ModelNotFoundException e) { System.err.println("check the identifier: " + e.getMessage()); }
 * }</pre>
 */
public class ModelNotFoundException extends DuoException {

    /** With a message that names the fix, and no context. */
    public ModelNotFoundException(String message) {
        this(message, null, ErrorContext.NONE);
    }

    /**
     * With everything known.
     *
     * @param message what happened and what to do about it
     * @param cause the underlying exception, or null
     * @param context provider, model, status, request id where known
     */
    public ModelNotFoundException(String message, Throwable cause, ErrorContext context) {
        super(message, cause, false, context);
    }
}
