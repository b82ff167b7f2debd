package dev.duo;

import java.util.Objects;

/**
 * The configuration cannot serve the call; the message names the fix and {@link #reason()} says, for
 * code, which part is wrong. This one type is what to catch for every configuration error.
 *
 * <pre>{@code
 * try {
 *     client.generate(inputs);
 * } catch (ConfigurationException e) {
 *     if (e.reason() == ConfigurationException.Reason.FEATURE_UNAVAILABLE) {
 *         return fallbackWithoutAi();
 *     }
 *     System.err.println(e.getMessage());   // names the fix
 * }
 * }</pre>
 */
@SuppressWarnings("removal") // of(...) still throws the deprecated subtypes for one release
public class ConfigurationException extends DuoException {

    /** Which part of the configuration is wrong. */
    public enum Reason {
        /** No feature has the key or alias asked for; the message lists the closest keys. */
        UNKNOWN_FEATURE,
        /** No model of that name is in the registry; the message lists the closest names. */
        UNKNOWN_MODEL,
        /** The model's family is not compatible with the feature (GitLab's sentence). */
        INCOMPATIBLE_MODEL,
        /** A BETA or EXPERIMENT feature or family is used without {@code beta_models_enabled}. */
        BETA_NOT_ENABLED,
        /** The feature is disabled, unassigned or otherwise not served. */
        FEATURE_UNAVAILABLE,
        /** A secret the model needs is not set (the message names the variable). */
        MISSING_CREDENTIALS,
        /** No prompt matches the feature, family and version constraint. */
        PROMPT_NOT_FOUND,
        /** No provider module on the class path serves the model's platform (names the artifact). */
        PROVIDER_MODULE_MISSING,
        /** A file or setting is malformed: duo.yml, feature metadata, a prompt file, an endpoint. */
        INVALID_CONFIG,
        /** Anything else the configuration cannot serve. */
        OTHER
    }

    private final Reason reason;

    /**
     * With a message that names the fix, reason {@link Reason#OTHER} and no context.
     *
     * @param message what happened and what to do about it
     */
    public ConfigurationException(String message) {
        this(Reason.OTHER, message, null, ErrorContext.NONE);
    }

    /**
     * With reason {@link Reason#OTHER}.
     *
     * @param message what happened and what to do about it
     * @param cause the underlying exception, or null
     * @param context provider, model, status, request id where known
     */
    public ConfigurationException(String message, Throwable cause, ErrorContext context) {
        this(Reason.OTHER, message, cause, context);
    }

    /**
     * With a reason and a message that names the fix, and no context.
     *
     * @param reason which part is wrong
     * @param message what happened and what to do about it
     */
    public ConfigurationException(Reason reason, String message) {
        this(reason, message, null, ErrorContext.NONE);
    }

    /**
     * With everything known.
     *
     * @param reason which part is wrong
     * @param message what happened and what to do about it
     * @param cause the underlying exception, or null
     * @param context provider, model, status, request id where known
     */
    public ConfigurationException(Reason reason, String message, Throwable cause, ErrorContext context) {
        super(message, cause, false, context);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * The exception for a reason, as the SDK throws it: for one release it is an instance of the
     * deprecated subtype that used to stand for the reason ({@code UnknownFeatureException} ...), so
     * that users' {@code catch} blocks for those keep catching.
     *
     * @param reason which part is wrong
     * @param message what happened and what to do about it
     * @param cause the underlying exception, or null
     * @param context provider, model, status, request id where known
     * @return the exception, to throw
     */
    public static ConfigurationException of(Reason reason, String message, Throwable cause, ErrorContext context) {
        return switch (reason) {
            case UNKNOWN_FEATURE -> new UnknownFeatureException(message, cause, context);
            case UNKNOWN_MODEL -> new UnknownModelException(message, cause, context);
            case INCOMPATIBLE_MODEL -> new IncompatibleModelException(message, cause, context);
            case BETA_NOT_ENABLED -> new BetaNotEnabledException(message, cause, context);
            case FEATURE_UNAVAILABLE -> new FeatureUnavailableException(message, cause, context);
            case MISSING_CREDENTIALS -> new MissingCredentialsException(message, cause, context);
            case PROMPT_NOT_FOUND -> new PromptNotFoundException(message, cause, context);
            case PROVIDER_MODULE_MISSING -> new ProviderNotFoundException(message, cause, context);
            case INVALID_CONFIG -> new InvalidConfigException(message, cause, context);
            case OTHER -> new ConfigurationException(message, cause, context);
        };
    }

    /**
     * {@link #of(Reason, String, Throwable, ErrorContext)} with no cause and no context.
     *
     * @param reason which part is wrong
     * @param message what happened and what to do about it
     * @return the exception, to throw
     */
    public static ConfigurationException of(Reason reason, String message) {
        return of(reason, message, null, ErrorContext.NONE);
    }

    /**
     * Which part of the configuration is wrong, for code that acts on it.
     *
     * @return the reason, never null
     */
    public Reason reason() {
        return reason;
    }
}
