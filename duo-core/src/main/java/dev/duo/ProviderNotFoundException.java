package dev.duo;

/**
 * No provider module on the classpath serves the model's platform; the message names the artifact to add.
 *
 * <pre>{@code
 * try {
 *     client.generate(inputs);
 * } catch (ProviderNotFoundException e) { System.err.println(e.getMessage()); }   // names the artifact
 * }</pre>
 *
 * @deprecated catch {@link ConfigurationException} and read {@link ConfigurationException#reason()}
 *     ({@code Reason.PROVIDER_MODULE_MISSING}); the SDK throws this subtype for one more release so that
 *     existing {@code catch} blocks keep catching
 */
@Deprecated(since = "0.1.0", forRemoval = true)
public class ProviderNotFoundException extends ConfigurationException {

    /** With a message that names the fix, and no context. */
    public ProviderNotFoundException(String message) {
        this(message, null, ErrorContext.NONE);
    }

    /**
     * With everything known.
     *
     * @param message what happened and what to do about it
     * @param cause the underlying exception, or null
     * @param context provider, model, status, request id where known
     */
    public ProviderNotFoundException(String message, Throwable cause, ErrorContext context) {
        super(ConfigurationException.Reason.PROVIDER_MODULE_MISSING, message, cause, context);
    }
}
