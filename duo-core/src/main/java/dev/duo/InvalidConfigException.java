package dev.duo;

/**
 * A configuration file (duo.yml, feature metadata, prompt definition) is malformed or holds an unknown key; the message names the file and line.
 *
 * <pre>{@code
 * try {
 *     client.generate(inputs);
 * } catch (InvalidConfigException e) { System.err.println(e.getMessage()); }   // file, line, key
 * }</pre>
 *
 * @deprecated catch {@link ConfigurationException} and read {@link ConfigurationException#reason()}
 *     ({@code Reason.INVALID_CONFIG}); the SDK throws this subtype for one more release so that
 *     existing {@code catch} blocks keep catching
 */
@Deprecated(since = "0.1.0", forRemoval = true)
public class InvalidConfigException extends ConfigurationException {

    /** With a message that names the fix, and no context. */
    public InvalidConfigException(String message) {
        this(message, null, ErrorContext.NONE);
    }

    /**
     * With everything known.
     *
     * @param message what happened and what to do about it
     * @param cause the underlying exception, or null
     * @param context provider, model, status, request id where known
     */
    public InvalidConfigException(String message, Throwable cause, ErrorContext context) {
        super(ConfigurationException.Reason.INVALID_CONFIG, message, cause, context);
    }
}
