package dev.duo;

/**
 * A BETA or EXPERIMENT feature, or a model of a BETA family, was used without the beta opt-in ({@code beta_models_enabled: true}).
 *
 * <pre>{@code
 * try {
 *     client.generate(inputs);
 * } catch (BetaNotEnabledException e) { log.warn(e.getMessage()); }   // names beta_models_enabled
 * }</pre>
 *
 * @deprecated catch {@link ConfigurationException} and read {@link ConfigurationException#reason()}
 *     ({@code Reason.BETA_NOT_ENABLED}); the SDK throws this subtype for one more release so that
 *     existing {@code catch} blocks keep catching
 */
@Deprecated(since = "0.1.0", forRemoval = true)
public class BetaNotEnabledException extends ConfigurationException {

    /** With a message that names the fix, and no context. */
    public BetaNotEnabledException(String message) {
        this(message, null, ErrorContext.NONE);
    }

    /**
     * With everything known.
     *
     * @param message what happened and what to do about it
     * @param cause the underlying exception, or null
     * @param context provider, model, status, request id where known
     */
    public BetaNotEnabledException(String message, Throwable cause, ErrorContext context) {
        super(ConfigurationException.Reason.BETA_NOT_ENABLED, message, cause, context);
    }
}
