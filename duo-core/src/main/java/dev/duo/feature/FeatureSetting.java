package dev.duo.feature;

import dev.duo.admin.SettingProvider;
import java.util.Objects;
import java.util.Optional;

/**
 * Which provider, and for {@code self_hosted} which model, serves one feature, and whether the
 * call goes to the model directly or through the configured AI gateway ({@code via: ai_gateway}).
 *
 * <pre>{@code
 * FeatureSetting s = FeatureSetting.selfHosted("Mixtral 8x22b [Fireworks AI]");
 * FeatureSetting g = FeatureSetting.selfHosted("Codestral on vLLM").viaAiGateway();
 * }</pre>
 *
 * @param provider self_hosted, disabled, vendored or unassigned
 * @param model the model's name; set exactly when the provider is self_hosted
 * @param viaGateway whether a self_hosted model is called through the AI gateway (vendored always is)
 */
public record FeatureSetting(SettingProvider provider, String model, boolean viaGateway) {

    /** The setting of a feature nobody configured. */
    public static final FeatureSetting UNASSIGNED = new FeatureSetting(SettingProvider.UNASSIGNED, null);

    /** The setting of a turned-off feature. */
    public static final FeatureSetting DISABLED = new FeatureSetting(SettingProvider.DISABLED, null);

    /** A setting called directly (not through the AI gateway). */
    public FeatureSetting(SettingProvider provider, String model) {
        this(provider, model, false);
    }

    /** Requires a model exactly for self_hosted, and {@code via: ai_gateway} only with one. */
    public FeatureSetting {
        Objects.requireNonNull(provider, "provider");
        if (provider == SettingProvider.SELF_HOSTED && (model == null || model.isBlank())) {
            throw new IllegalArgumentException("a self_hosted feature setting needs a model name");
        }
        if (provider != SettingProvider.SELF_HOSTED && model != null) {
            throw new IllegalArgumentException("only a self_hosted feature setting names a model, not "
                    + provider.configName());
        }
        if (viaGateway && provider != SettingProvider.SELF_HOSTED) {
            throw new IllegalArgumentException("'via: ai_gateway' routes a self_hosted model through the gateway; "
                    + provider.configName() + " takes no 'via' (vendored is always served by the gateway)");
        }
    }

    /** The same self-hosted model, called through the configured AI gateway. */
    public FeatureSetting viaAiGateway() {
        return new FeatureSetting(provider, model, true);
    }

    /** Whether the AI gateway serves the feature: vendored, or a self-hosted model {@code via: ai_gateway}. */
    public boolean servedByGateway() {
        return viaGateway || provider == SettingProvider.VENDORED;
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
