package dev.duo.internal.config;

import dev.duo.InvalidConfigException;
import dev.duo.config.StoreSettings;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes the {@code store:} section of duo.yml, and refuses a file that lists settings beside it. */
final class StoreSections {

    private StoreSections() {
    }

    /**
     * The section's settings.
     *
     * @throws InvalidConfigException for a bad section, or models, features or the beta opt-in listed beside it
     */
    static StoreSettings read(ConfigFile file, String source) {
        StoreSettings settings;
        try {
            settings = StoreSettings.of(file.store.url, file.store.user, file.store.password);
            if (file.store.pollInterval != null) {
                settings = settings.withPollInterval(Durations.parse("store.poll_interval", file.store.pollInterval));
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(source + ": " + e.getMessage());
        } catch (InvalidConfigException e) {
            throw new InvalidConfigException(source + ", " + e.getMessage());
        }
        List<String> beside = new ArrayList<>();
        if (file.models != null) beside.add("models");
        if (file.features != null) beside.add("features");
        if (file.betaModelsEnabled != null) beside.add("beta_models_enabled");
        if (!beside.isEmpty()) {
            throw new InvalidConfigException(source + " names a store (" + settings.url() + ") and also lists "
                    + String.join(", ", beside.stream().map(k -> "'" + k + ":'").toList())
                    + ": with a store, the store holds the models, the feature settings and the beta opt-in. Remove "
                    + (beside.size() == 1 ? "it" : "them") + " from the file and set them in the store with 'duo models seed', "
                    + "'duo models add', 'duo features assign' and 'duo settings beta on'");
        }
        return settings;
    }

    static ConfigFile.StoreEntry toEntry(StoreSettings s) {
        ConfigFile.StoreEntry e = new ConfigFile.StoreEntry();
        e.url = s.url();
        e.user = s.user().orElse(null);
        e.password = s.password().map(k -> k.reference()).orElse(null);
        if (!s.pollInterval().equals(StoreSettings.DEFAULT_POLL_INTERVAL)) {
            e.pollInterval = Durations.format(s.pollInterval());
        }
        return e;
    }
}
