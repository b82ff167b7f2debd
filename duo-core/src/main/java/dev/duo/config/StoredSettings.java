package dev.duo.config;

import dev.duo.feature.FeatureSetting;
import dev.duo.model.SelfHostedModel;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a settings store holds: the models, the feature settings and the beta opt-in, with the
 * store's change counter ({@code version}) at the time they were read.
 *
 * <pre>{@code
 * StoredSettings s = StoredSettings.from(config, 0);
 * DuoConfig merged = s.applyTo(fileConfig);   // the file's prompts and http, the store's models
 * }</pre>
 *
 * @param betaModelsEnabled the beta opt-in
 * @param models the self-hosted models, in order
 * @param features feature settings by feature key
 * @param version the store's change counter (grows with every committed change)
 */
public record StoredSettings(boolean betaModelsEnabled, List<SelfHostedModel> models,
                             Map<String, FeatureSetting> features, long version) {

    /** Copies the collections. */
    public StoredSettings {
        models = List.copyOf(Objects.requireNonNull(models, "models"));
        features = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(features, "features")));
    }

    /** The part of {@code config} a store holds. */
    public static StoredSettings from(DuoConfig config, long version) {
        return new StoredSettings(config.betaModelsEnabled(), config.models().all(), config.features(), version);
    }

    /** {@code base} with this store's models, settings and opt-in in place of its own. */
    public DuoConfig applyTo(DuoConfig base) {
        return base.toBuilder().betaModelsEnabled(betaModelsEnabled).models(models).features(features).build();
    }

    /** Whether the models, settings and opt-in equal {@code other}'s (the version aside). */
    public boolean sameContent(StoredSettings other) {
        return other != null && betaModelsEnabled == other.betaModelsEnabled && models.equals(other.models)
                && features.equals(other.features);
    }
}
