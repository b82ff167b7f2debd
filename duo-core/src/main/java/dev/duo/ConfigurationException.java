package dev.duo;

/**
 * The configuration cannot serve the call; the message names the fix. Subtypes say which part is wrong.
 *
 * <pre>{@code
 * try {
 *     client.generate(inputs);
 * } catch (ConfigurationException e) { System.err.println(e.getMessage()); }   // names the fix
 * }</pre>
 */
public class ConfigurationException extends DuoException {

    /** With a message that names the fix, and no context. */
    public ConfigurationException(String message) {
        this(message, null, ErrorContext.NONE);
    }

    /**
     * With everything known.
     *
     * @param message what happened and what to do about it
     * @param cause the underlying exception, or null
     * @param context provider, model, status, request id where known
     */
    public ConfigurationException(String message, Throwable cause, ErrorContext context) {
        super(message, cause, false, context);
    }
}
