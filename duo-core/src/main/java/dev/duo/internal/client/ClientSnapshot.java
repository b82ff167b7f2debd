package dev.duo.internal.client;

import dev.duo.FeatureUnavailableException;
import dev.duo.config.DuoConfig;
import dev.duo.config.FeatureSettings;
import dev.duo.feature.Feature;
import dev.duo.feature.FeatureRegistry;
import dev.duo.feature.FeatureSetting;
import dev.duo.model.SelfHostedModel;
import dev.duo.call.CallContext;
import dev.duo.prompt.PromptRegistry;
import dev.duo.prompt.PromptTemplate;
import dev.duo.spi.ModelClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One immutable configuration with everything derived from it (feature registry, settings,
 * prompts) and the features resolved so far. A configuration change builds a new snapshot; calls
 * in flight keep the one they started with.
 */
public final class ClientSnapshot {

    private final DuoConfig config;
    private final FeatureRegistry features;
    private final FeatureSettings settings;
    private final PromptRegistry prompts;
    private final ModelClientCache clients;
    private final Map<String, ResolvedFeature> resolved = new ConcurrentHashMap<>();

    /**
     * Derives registries from {@code config}.
     *
     * @throws dev.duo.InvalidConfigException for unknown feature keys or broken metadata files
     */
    public ClientSnapshot(DuoConfig config, ModelClientCache clients, PromptRegistry prompts) {
        this.config = config;
        this.features = FeatureRegistry.load(config.featureMetadata());
        this.settings = new FeatureSettings(features, config);
        this.prompts = prompts;
        this.clients = clients;
    }

    /** The configuration. */
    public DuoConfig config() {
        return config;
    }

    /** The features. */
    public FeatureRegistry features() {
        return features;
    }

    /** The feature settings. */
    public FeatureSettings settings() {
        return settings;
    }

    /** The prompts. */
    public PromptRegistry prompts() {
        return prompts;
    }

    /**
     * The feature resolved end to end; cached after the first success.
     *
     * @throws dev.duo.ConfigurationException a subtype naming what is wrong and the fix
     */
    public ResolvedFeature resolve(String keyOrAlias) {
        ResolvedFeature r = resolved.get(keyOrAlias);
        if (r != null) {
            return r;
        }
        r = doResolve(features.get(keyOrAlias));
        resolved.putIfAbsent(r.feature().key(), r);
        resolved.putIfAbsent(keyOrAlias, r);
        return r;
    }

    private ResolvedFeature doResolve(Feature feature) {
        FeatureSetting setting = settings.settingOf(feature);
        if (setting.servedByGateway() && config.aiGateway().isPresent()) {
            return GatewayResolution.resolve(feature, setting, config, settings, clients);
        }
        if (setting.viaGateway()) {
            throw new FeatureUnavailableException(feature.title() + " (" + feature.key() + ") is set to 'via: ai_gateway'"
                    + " but no gateway is configured: add 'ai_gateway: { url: http://localhost:5052, token: ${AIGW_TOKEN} }'"
                    + " to duo.yml, or drop 'via: ai_gateway' to call the model directly");
        }
        switch (setting.provider()) {
            case DISABLED -> throw new FeatureUnavailableException(feature.title() + " (" + feature.key()
                    + ") is disabled: assign it a model with 'duo features assign " + feature.key()
                    + " --model <name>' or set features." + feature.key() + " to provider: self_hosted in duo.yml");
            case VENDORED -> throw new FeatureUnavailableException(feature.title() + " (" + feature.key()
                    + ") is vendored (served by an AI gateway's own model) but no gateway is configured: add"
                    + " 'ai_gateway: { url: http://localhost:5052, token: ${AIGW_TOKEN} }' to duo.yml,"
                    + " or set it to provider: self_hosted with a model to serve it here");
            case UNASSIGNED -> throw new FeatureUnavailableException(feature.title() + " (" + feature.key()
                    + ") has no model assigned: add 'features: { " + feature.key()
                    + ": { provider: self_hosted, model: <name> } }' to duo.yml or run 'duo features assign "
                    + feature.key() + " --model <name>'");
            default -> {
            }
        }
        ResolvedFeature primary = resolveModel(feature, setting.model());
        if (setting.fallbackModels().isEmpty()) {
            return primary;
        }
        List<ResolvedFeature> fallbacks = new ArrayList<>();
        for (String name : setting.fallbackModels()) {
            // The same checks and errors as the model itself (FeatureSettings checked them at load too).
            fallbacks.add(resolveModel(feature, name));
        }
        return new ResolvedFeature(feature, primary.model(), primary.prompt(), primary.client(), primary.context(),
                null, fallbacks);
    }

    /** One model of the feature's route: checks, the prompt for its family, its client and call context. */
    private ResolvedFeature resolveModel(Feature feature, String name) {
        SelfHostedModel model = config.models().get(name);
        settings.checkAllowed(feature, model);
        PromptTemplate prompt = prompts.select(feature.promptId(), model.family(), feature.promptVersion());
        ModelClient client = clients.clientFor(model, config);
        CallContext.Builder context = CallContext.builder(model).feature(feature.key()).prompt(prompt.describe());
        if (!clients.overridden()) {
            // The resolved key is handed to the pipeline only so that its logs can mask it.
            dev.duo.model.Secret key = clients.apiKeyOf(model);
            if (key != null) {
                context.secret(key);
            }
        }
        return new ResolvedFeature(feature, model, prompt, client, context.build());
    }
}
