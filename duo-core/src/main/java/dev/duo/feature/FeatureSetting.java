package dev.duo.feature;

import dev.duo.admin.SettingProvider;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which provider, and for {@code self_hosted} which model, serves one feature, and whether the
 * call goes to the model directly or through the configured AI gateway ({@code via: ai_gateway}).
 *
 * <pre>{@code
 * FeatureSetting s = FeatureSetting.selfHosted("Mixtral 8x22b [Fireworks AI]");
 * FeatureSetting g = FeatureSetting.selfHosted("Codestral on vLLM").viaAiGateway();
 * FeatureSetting f = FeatureSetting.selfHosted("Codestral on vLLM")
 *         .withFallbacks(List.of("Mixtral 8x22b [Fireworks AI]"));   // fallback_models: [...]
 * }</pre>
 *
 * @param provider self_hosted, disabled, vendored or unassigned
 * @param model the model's name; set exactly when the provider is self_hosted
 * @param viaGateway whether a self_hosted model is called through the AI gateway (vendored always is)
 * @param fallbackModels the models a call moves to, in order, when the model fails with a retryable
 *     error after its own retries or its circuit is open ({@code fallback_models}); empty for none
 */
public record FeatureSetting(SettingProvider provider, String model, boolean viaGateway, List<String> fallbackModels) {

    /** The setting of a feature nobody configured. */
    public static final FeatureSetting UNASSIGNED = new FeatureSetting(SettingProvider.UNASSIGNED, null);

    /** The setting of a turned-off feature. */
    public static final FeatureSetting DISABLED = new FeatureSetting(SettingProvider.DISABLED, null);

    /** A setting called directly (not through the AI gateway). */
    public FeatureSetting(SettingProvider provider, String model) {
        this(provider, model, false);
    }

    /** A setting without fallback models. */
    public FeatureSetting(SettingProvider provider, String model, boolean viaGateway) {
        this(provider, model, viaGateway, List.of());
    }

    /**
     * Requires a model exactly for self_hosted, {@code via: ai_gateway} only with one, and fallback
     * models only for a direct self_hosted setting, each named once and none the model itself.
     */
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
        fallbackModels = List.copyOf(Objects.requireNonNull(fallbackModels, "fallbackModels"));
        checkFallbacks(provider, model, viaGateway, fallbackModels);
    }

    private static void checkFallbacks(SettingProvider provider, String model, boolean via, List<String> fallbacks) {
        if (fallbacks.isEmpty()) {
            return;
        }
        if (provider != SettingProvider.SELF_HOSTED || via) {
            throw new IllegalArgumentException("fallback_models back up a model called directly: "
                    + (via ? "a setting with 'via: ai_gateway'" : provider.configName()) + " takes none; remove fallback_models"
                    + (via ? " or the 'via'" : ""));
        }
        Set<String> seen = new HashSet<>();
        for (String f : fallbacks) {
            if (f == null || f.isBlank()) {
                throw new IllegalArgumentException("fallback_models holds an empty name: list model names from 'models:'");
            }
            if (f.equals(model)) {
                throw new IllegalArgumentException("fallback_models lists '" + f + "', the feature's own model: a model "
                        + "cannot back itself up; remove it, or list another model (it is already retried on its own)");
            }
            if (!seen.add(f)) {
                throw new IllegalArgumentException("fallback_models lists '" + f + "' twice: name each model once");
            }
        }
    }

    /** The same setting with these fallback models, in order (an empty list for none). */
    public FeatureSetting withFallbacks(List<String> models) {
        return new FeatureSetting(provider, model, viaGateway, models);
    }

    /** The same self-hosted model, called through the configured AI gateway. */
    public FeatureSetting viaAiGateway() {
        return new FeatureSetting(provider, model, true, fallbackModels);
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
