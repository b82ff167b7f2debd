package dev.duo.internal.live;

import dev.duo.ConfigurationException;
import dev.duo.InvalidConfigException;
import dev.duo.config.FeatureSettings;
import dev.duo.feature.Feature;
import dev.duo.feature.FeatureSetting;
import dev.duo.admin.SettingProvider;
import dev.duo.internal.client.ClientSnapshot;
import dev.duo.model.SelfHostedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The checks a changed configuration passes before a running client uses it: beyond loading, every
 * self-hosted feature names a model that exists and whose family the feature supports. (A start-up
 * configuration is not held to this: a client starts and reports such a feature when it is called.)
 */
final class Validation {

    private Validation() {
    }

    /**
     * @throws ConfigurationException naming the feature, the file and line where known, and the fix
     */
    static void check(ClientSnapshot snapshot) {
        FeatureSettings settings = snapshot.settings();
        for (Feature f : snapshot.features().all()) {
            FeatureSetting s = settings.settingOf(f);
            if (s.provider() != SettingProvider.SELF_HOSTED) {
                continue;
            }
            String where = where(snapshot, f);
            Optional<SelfHostedModel> m = snapshot.config().models().find(s.model());
            if (m.isEmpty()) {
                throw new InvalidConfigException(where + ": " + f.key() + " is assigned the model '" + s.model()
                        + "', which is not defined: add it under 'models:' or assign a model that exists ("
                        + String.join(", ", snapshot.config().models().names()) + ")");
            }
            if (!f.supports(m.get().family())) {
                throw new InvalidConfigException(where + ": " + m.get().name() + " is incompatible with the " + f.title()
                        + " feature (family " + m.get().family().id() + " is not one of "
                        + f.families().stream().map(x -> x.id()).toList() + "): assign a model of one of those families");
            }
        }
    }

    private static String where(ClientSnapshot snapshot, Feature f) {
        String source = snapshot.config().source().orElse("configuration");
        if (snapshot.config().store().isPresent()) {
            return "the store " + snapshot.config().store().get().url() + ", feature setting " + f.key();
        }
        return source + lineOf(source, f).map(n -> ":" + n).orElse("") + ", features." + f.key();
    }

    /** The line of the feature's entry under {@code features:}, found by its key or an alias. */
    static Optional<Integer> lineOf(String source, Feature f) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(source));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        boolean inFeatures = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.matches("^features\\s*:.*")) {
                inFeatures = true;
                continue;
            }
            if (inFeatures && line.matches("^\\S.*")) {
                inFeatures = false;
            }
            if (inFeatures) {
                String key = line.trim().replaceAll("\\s*:.*$", "").replace("\"", "").replace("'", "");
                if (key.equals(f.key()) || f.aliases().contains(key)) {
                    return Optional.of(i + 1);
                }
            }
        }
        return Optional.empty();
    }
}
