package dev.duo;

/**
 * The caller cancelled the call (through its {@link StreamHandle} or future). Not retryable.
 *
 * <pre>{@code
 * handle.cancel();   // the listener then gets onError(CancelledException)
 * }</pre>
 */
public class CancelledException extends DuoException {

    /** With a message that names the fix, and no context. */
    public CancelledException(String message) {
        this(message, null, ErrorContext.NONE);
    }

    /**
     * With everything known.
     *
     * @param message what happened and what to do about it
     * @param cause the underlying exception, or null
     * @param context provider, model, status, request id where known
     */
    public CancelledException(String message, Throwable cause, ErrorContext context) {
        super(message, cause, false, context);
    }
}
