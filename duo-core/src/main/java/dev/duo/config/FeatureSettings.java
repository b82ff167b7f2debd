package dev.duo.config;

import dev.duo.BetaNotEnabledException;
import dev.duo.IncompatibleModelException;
import dev.duo.InvalidConfigException;
import dev.duo.feature.Feature;
import dev.duo.feature.FeatureRegistry;
import dev.duo.feature.FeatureSetting;
import dev.duo.admin.SettingProvider;
import dev.duo.internal.util.Suggestions;
import dev.duo.model.SelfHostedModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which model powers which feature, with GitLab's rules: a self-hosted model must be of a family the
 * feature supports (GitLab's sentence {@code <Family> is incompatible with the <title> feature},
 * then the fix on the next line); BETA and EXPERIMENT features and BETA families need the beta
 * opt-in; every fallback model ({@code fallback_models}) passes the same checks of family and beta
 * opt-in, when the configuration is read and at assignment, with the same errors prefixed by the
 * key; "apply to every feature of the category" copies one feature's setting to its category, and
 * is refused unless the model suits them all, or when the source is disabled or unassigned (GitLab:
 * "Assign a model to ... before applying to all"; a vendored source copies). Every change returns a
 * new {@link DuoConfig}; nothing is mutated.
 *
 * <pre>{@code
 * FeatureSettings settings = new FeatureSettings(FeatureRegistry.bundled(), config);
 * DuoConfig next = settings.assign("code_generation", "Mixtral 8x22b [Fireworks AI]");
 * next = new FeatureSettings(FeatureRegistry.bundled(), next).applyToCategory("code_generations");
 * }</pre>
 */
public final class FeatureSettings {

    private final FeatureRegistry features;
    private final DuoConfig config;
    private final Map<String, FeatureSetting> byKey;

    /**
     * Reads the settings of {@code config}, whose keys may be feature keys or aliases.
     *
     * @throws InvalidConfigException for a key that is no feature (listing close ones), or a feature
     *     set twice (by key and by alias)
     */
    public FeatureSettings(FeatureRegistry features, DuoConfig config) {
        this.features = features;
        this.config = config;
        Map<String, FeatureSetting> map = new LinkedHashMap<>();
        Map<String, String> writtenAs = new LinkedHashMap<>();
        // Loops, not lambdas: every client reads its settings at start-up (README, Performance).
        for (Map.Entry<String, FeatureSetting> e : config.features().entrySet()) {
            String written = e.getKey();
            java.util.Optional<Feature> found = features.find(written);
            if (found.isEmpty()) {
                throw new InvalidConfigException(
                        config.source().orElse("configuration") + ", features: unknown feature '" + written + "'."
                                + Suggestions.didYouMean(written, features.keys())
                                + " Run 'duo features list' for the keys.");
            }
            Feature f = found.get();
            String before = writtenAs.putIfAbsent(f.key(), written);
            if (before != null) {
                throw new InvalidConfigException(config.source().orElse("configuration") + ", features: "
                        + f.key() + " is set twice, as '" + before + "' and as '" + written + "': keep one");
            }
            map.put(f.key(), e.getValue());
        }
        this.byKey = map;
        for (Map.Entry<String, FeatureSetting> e : map.entrySet()) {
            checkFallbacks(features.get(e.getKey()), e.getValue(),
                    config.source().orElse("configuration") + ", features." + e.getKey() + ".fallback_models");
        }
    }

    /**
     * Checks each fallback model of {@code setting} as the model itself is checked: it exists (with a
     * "did you mean"), its family suits the feature, a BETA family has the opt-in.
     *
     * @param where the key, prefixed to each message
     * @throws dev.duo.UnknownModelException for a model not in the registry
     * @throws IncompatibleModelException GitLab's text
     * @throws BetaNotEnabledException for a BETA family without the opt-in
     */
    private void checkFallbacks(Feature feature, FeatureSetting setting, String where) {
        for (String name : setting.fallbackModels()) {
            SelfHostedModel m;
            try {
                m = config.models().get(name);
            } catch (dev.duo.ConfigurationException e) {
                if (e.reason() != dev.duo.ConfigurationException.Reason.UNKNOWN_MODEL) {
                    throw e;
                }
                throw dev.duo.ConfigurationException.of(dev.duo.ConfigurationException.Reason.UNKNOWN_MODEL, where + ": " + e.getMessage()
                        + " Fix the name, or add the model under 'models:'.");
            }
            if (!feature.supports(m.family())) {
                throw dev.duo.ConfigurationException.of(dev.duo.ConfigurationException.Reason.INCOMPATIBLE_MODEL,
                        where + ": " + incompatibility(feature, m));
            }
            if (m.releaseState().needsBetaOptIn() && !config.betaModelsEnabled()) {
                throw dev.duo.ConfigurationException.of(dev.duo.ConfigurationException.Reason.BETA_NOT_ENABLED,
                        where + ": " + m.name() + " is a model of the BETA family "
                        + m.family().id() + ": turn on the beta opt-in with 'beta_models_enabled: true' in duo.yml"
                        + " (or 'duo settings beta on'), or remove it from fallback_models");
            }
        }
    }

    /** The configuration these settings come from. */
    public DuoConfig config() {
        return config;
    }

    /** The setting of a feature (unassigned when none is written). */
    public FeatureSetting settingOf(Feature feature) {
        return byKey.getOrDefault(feature.key(), FeatureSetting.UNASSIGNED);
    }

    /** The keys of the features a model serves. */
    public List<String> usedBy(String modelName) {
        List<String> out = new ArrayList<>();
        byKey.forEach((k, s) -> {
            if (modelName.equals(s.model())) {
                out.add(k);
            }
        });
        return out;
    }

    /**
     * Checks GitLab's rules for serving {@code feature} with {@code model}.
     *
     * @throws IncompatibleModelException GitLab's text, when the family is not supported
     * @throws BetaNotEnabledException when the feature or the family needs the beta opt-in
     */
    public void checkAllowed(Feature feature, SelfHostedModel model) {
        if (!feature.supports(model.family())) {
            throw new IncompatibleModelException(incompatibility(feature, model));
        }
        checkBeta(feature);
        if (model.releaseState().needsBetaOptIn() && !config.betaModelsEnabled()) {
            throw new BetaNotEnabledException(model.name() + " is a model of the BETA family " + model.family().id()
                    + ": turn on the beta opt-in with 'beta_models_enabled: true' in duo.yml (or 'duo settings beta on')");
        }
    }

    /**
     * GitLab's sentence for a model whose family the feature does not support ({@code <Family> is
     * incompatible with the <title> feature}, the family capitalised as {@code feature_setting.rb}
     * does), then on the next line what to do.
     *
     * <pre>{@code
     * // Codegemma is incompatible with the General Chat feature
     * // Model 'gemma' is of the codegemma family; General Chat (duo_chat) takes mistral, mixtral, ...: assign ...
     * }</pre>
     */
    public static String incompatibility(Feature feature, SelfHostedModel model) {
        return gitLabSentence(model.family().id(), feature.title()) + "\nModel '" + model.name() + "' is of the "
                + model.family().id() + " family; " + feature.title() + " (" + feature.key() + ") takes "
                + String.join(", ", feature.families().stream().map(f -> f.id()).toList())
                + ": assign a model of one of those families ('duo features assign " + feature.key()
                + " --model <name>').";
    }

    /** {@code <Family> is incompatible with the <title> feature}, as GitLab's feature_setting.rb writes it. */
    static String gitLabSentence(String family, String title) {
        // Ruby's String#capitalize: the first character upper case, the rest lower case.
        String capitalized = family.isEmpty() ? family
                : family.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + family.substring(1).toLowerCase(java.util.Locale.ROOT);
        return capitalized + " is incompatible with the " + title + " feature";
    }

    /**
     * Checks that a BETA or EXPERIMENT feature has the beta opt-in.
     *
     * @throws BetaNotEnabledException naming how to opt in
     */
    public void checkBeta(Feature feature) {
        if (feature.releaseState().needsBetaOptIn() && !config.betaModelsEnabled()) {
            throw new BetaNotEnabledException(feature.title() + " (" + feature.key() + ") is a "
                    + feature.releaseState() + " feature: turn on the beta opt-in with 'beta_models_enabled: true' "
                    + "in duo.yml (or 'duo settings beta on')");
        }
    }

    /**
     * Serves a feature with a self-hosted model.
     *
     * @throws dev.duo.UnknownFeatureException for an unknown feature
     * @throws dev.duo.UnknownModelException for an unknown model
     * @throws IncompatibleModelException GitLab's text
     * @throws BetaNotEnabledException without the opt-in where it is needed
     */
    public DuoConfig assign(String feature, String modelName) {
        return assign(feature, modelName, List.of());
    }

    /**
     * Serves a feature with a self-hosted model, backed by fallback models in order; each fallback
     * passes the model's checks (family, beta opt-in) with the same errors.
     *
     * <pre>{@code
     * DuoConfig next = settings.assign("code_generation", "Codestral on vLLM", List.of("Mixtral 8x22b [Fireworks AI]"));
     * }</pre>
     *
     * @throws dev.duo.UnknownFeatureException for an unknown feature
     * @throws dev.duo.UnknownModelException for an unknown model, or fallback model
     * @throws IncompatibleModelException GitLab's text
     * @throws BetaNotEnabledException without the opt-in where it is needed
     * @throws InvalidConfigException for a fallback that is the model itself, or listed twice
     */
    public DuoConfig assign(String feature, String modelName, List<String> fallbacks) {
        Feature f = features.get(feature);
        SelfHostedModel m = config.models().get(modelName);
        checkAllowed(f, m);
        FeatureSetting s;
        try {
            s = FeatureSetting.selfHosted(m.name()).withFallbacks(fallbacks);
        } catch (IllegalArgumentException e) {
            throw dev.duo.ConfigurationException.of(dev.duo.ConfigurationException.Reason.INVALID_CONFIG,
                    "features." + f.key() + "." + e.getMessage());
        }
        checkFallbacks(f, s, "features." + f.key() + ".fallback_models");
        return with(f, s);
    }

    /** Sets a feature's provider to disabled, vendored or unassigned. */
    public DuoConfig set(String feature, SettingProvider provider) {
        if (provider == SettingProvider.SELF_HOSTED) {
            throw new IllegalArgumentException("use assign(feature, model) for a self_hosted setting");
        }
        return with(features.get(feature), new FeatureSetting(provider, null));
    }

    /**
     * Copies the feature's setting to every feature of its category usable now (GA ones, and BETA and
     * EXPERIMENT ones with the beta opt-in).
     *
     * @throws IncompatibleModelException naming the features the model does not suit, when any
     * @throws InvalidConfigException when the feature is disabled or unassigned (GitLab's "Assign a
     *     model to ... before applying to all")
     */
    public DuoConfig applyToCategory(String feature) {
        Feature source = features.get(feature);
        FeatureSetting setting = settingOf(source);
        if (setting.provider() == SettingProvider.DISABLED || setting.provider() == SettingProvider.UNASSIGNED) {
            throw new InvalidConfigException("Assign a model to " + source.title() + " before applying to all\n"
                    + source.key() + " is " + setting.provider().configName() + ", so there is nothing to copy to "
                    + source.category() + ": run 'duo features assign " + source.key() + " --model <name>' first "
                    + "(or set it to vendored).");
        }
        List<Feature> targets = features.inCategory(source.category()).stream()
                .filter(f -> !f.releaseState().needsBetaOptIn() || config.betaModelsEnabled())
                .toList();
        if (setting.provider() == SettingProvider.SELF_HOSTED) {
            SelfHostedModel m = config.models().get(setting.model());
            List<String> unsuited = targets.stream().filter(f -> !f.supports(m.family())).map(Feature::title).toList();
            if (!unsuited.isEmpty()) {
                StringBuilder msg = new StringBuilder();
                unsuited.forEach(t -> msg.append(gitLabSentence(m.family().id(), t)).append('\n'));
                throw new IncompatibleModelException(msg + "Model '" + m.name() + "' (" + m.family().id()
                        + ") cannot be applied to every feature of " + source.category()
                        + ": choose a model of a family they all support");
            }
            targets.forEach(t -> checkAllowed(t, m));
            targets.forEach(t -> checkFallbacks(t, setting, "features." + t.key() + ".fallback_models"));
        }
        Map<String, FeatureSetting> next = new LinkedHashMap<>(byKey);
        targets.forEach(t -> next.put(t.key(), setting));
        return config.toBuilder().features(next).build();
    }

    /** Every feature setting removed (all features unassigned). */
    public DuoConfig clearAll() {
        return config.toBuilder().features(Map.of()).build();
    }

    private DuoConfig with(Feature f, FeatureSetting s) {
        Map<String, FeatureSetting> next = new LinkedHashMap<>(byKey);
        next.put(f.key(), s);
        return config.toBuilder().features(next).build();
    }
}
