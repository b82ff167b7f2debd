package dev.duo.spring.boot.internal;

import dev.duo.InvalidConfigException;
import dev.duo.config.DuoConfig;
import dev.duo.feature.FeatureSetting;
import dev.duo.admin.SettingProvider;
import dev.duo.model.ApiKey;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.spring.boot.DuoProperties;
import java.net.URI;
import java.util.Map;

/** Applies the {@code duo.*} properties over the configuration read from duo.yml: set ones win, unset ones change nothing. */
public final class PropertiesConfig {

    private PropertiesConfig() {
    }

    /**
     * The builder with the properties applied.
     *
     * @throws InvalidConfigException naming the property that is wrong
     */
    public static DuoConfig.Builder apply(DuoProperties p, DuoConfig.Builder b) {
        try {
            return doApply(p, b);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("a duo.* property is wrong: " + e.getMessage());
        }
    }

    private static DuoConfig.Builder doApply(DuoProperties p, DuoConfig.Builder b) {
        if (p.getBetaModelsEnabled() != null) {
            b.betaModelsEnabled(p.getBetaModelsEnabled());
        }
        if (p.getCustomModelsEnabled() != null) {
            b.customModelsEnabled(p.getCustomModelsEnabled());
        }
        if (p.getCustomEndpointAllowlist() != null) {
            b.customEndpointAllowlist(p.getCustomEndpointAllowlist());
        }
        if (p.getFeatureMetadata() != null) {
            b.featureMetadataFiles(p.getFeatureMetadata());
        }
        if (p.getPrompts().getDirectories() != null) {
            b.promptDirectories(p.getPrompts().getDirectories());
        }
        for (int i = 0; i < p.getModels().size(); i++) {
            b.removeModel(name(p.getModels().get(i), i));
            b.model(model(p.getModels().get(i), i));
        }
        for (Map.Entry<String, DuoProperties.Feature> e : p.getFeatures().entrySet()) {
            b.feature(e.getKey(), setting(e.getKey(), e.getValue()));
        }
        return b;
    }

    private static String name(DuoProperties.Model m, int i) {
        if (m.getName() == null || m.getName().isBlank()) {
            throw new IllegalArgumentException("duo.models[" + i + "].name is required: the name feature settings use");
        }
        return m.getName();
    }

    private static SelfHostedModel model(DuoProperties.Model m, int i) {
        String prefix = "duo.models[" + i + "].";
        if (m.getFamily() == null || m.getIdentifier() == null) {
            throw new IllegalArgumentException(prefix + "family and " + prefix + "identifier are required for model '"
                    + m.getName() + "'");
        }
        SelfHostedModel.Builder b = SelfHostedModel.builder().name(m.getName())
                .family(ModelFamily.fromId(m.getFamily())).identifier(m.getIdentifier());
        if (m.getEndpoint() != null) {
            b.endpoint(URI.create(m.getEndpoint()));
        }
        if (m.getApiKeyEnv() != null) {
            b.apiKey(ApiKey.fromEnv(m.getApiKeyEnv()));
        }
        if (m.getRegion() != null) {
            b.region(m.getRegion());
        }
        return b.build();
    }

    private static FeatureSetting setting(String feature, DuoProperties.Feature f) {
        if (f.getProvider() == null) {
            if (f.getModel() != null) {
                return FeatureSetting.selfHosted(f.getModel());   // a model alone means self_hosted
            }
            throw new IllegalArgumentException("duo.features." + feature + ".provider is required (self_hosted,"
                    + " disabled, vendored or unassigned)");
        }
        return new FeatureSetting(SettingProvider.fromConfigName(f.getProvider()), f.getModel());
    }
}
