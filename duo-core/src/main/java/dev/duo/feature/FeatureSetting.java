package dev.duo.feature;

import java.util.Objects;
import java.util.Optional;

/**
 * Which provider, and for {@code self_hosted} which model, serves one feature.
 *
 * <pre>{@code
 * FeatureSetting s = FeatureSetting.selfHosted("Mixtral 8x22b [Fireworks AI]");
 * }</pre>
 *
 * @param provider self_hosted, disabled, vendored or unassigned
 * @param model the model's name; set exactly when the provider is self_hosted
 */
public record FeatureSetting(SettingProvider provider, String model) {

    /** The setting of a feature nobody configured. */
    public static final FeatureSetting UNASSIGNED = new FeatureSetting(SettingProvider.UNASSIGNED, null);

    /** The setting of a turned-off feature. */
    public static final FeatureSetting DISABLED = new FeatureSetting(SettingProvider.DISABLED, null);

    /** Requires a model exactly for self_hosted. */
    public FeatureSetting {
        Objects.requireNonNull(provider, "provider");
        if (provider == SettingProvider.SELF_HOSTED && (model == null || model.isBlank())) {
            throw new IllegalArgumentException("a self_hosted feature setting needs a model name");
        }
        if (provider != SettingProvider.SELF_HOSTED && model != null) {
            throw new IllegalArgumentException("only a self_hosted feature setting names a model, not "
                    + provider.configName());
        }
    }

    /** A setting served by the named self-hosted model. */
    public static FeatureSetting selfHosted(String model) {
        return new FeatureSetting(SettingProvider.SELF_HOSTED, model);
    }

    /** The model's name, for self_hosted settings. */
    public Optional<String> modelName() {
        return Optional.ofNullable(model);
    }
}
