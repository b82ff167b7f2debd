package dev.duo.internal.live;

import dev.duo.InvalidConfigException;
import dev.duo.config.StoreSettings;
import dev.duo.spi.SettingsStoreConnection;
import dev.duo.spi.SettingsStoreProvider;
import java.util.Map;
import java.util.ServiceLoader;

/** Finds the settings store module that serves a {@code store:} URL. */
public final class StoreProviders {

    private StoreProviders() {
    }

    /**
     * Connects to the store through the first provider on the class path that accepts its URL.
     *
     * @throws InvalidConfigException when no provider serves it (naming the module to add), or the
     *     provider's own error when the store cannot be reached
     */
    public static SettingsStoreConnection connect(StoreSettings settings, Map<String, String> environment,
                                                  boolean live, ClassLoader loader) {
        for (SettingsStoreProvider p : ServiceLoader.load(SettingsStoreProvider.class, loader)) {
            if (p.accepts(settings)) {
                return p.connect(settings, environment, live);
            }
        }
        throw new InvalidConfigException("The configuration names the settings store " + settings.url()
                + ", but no settings store module on the class path serves it: add the dependency "
                + "dev.duo:duo-store-jdbc (with the PostgreSQL driver it brings), or remove 'store:' from duo.yml");
    }
}
