package dev.duo.store.jdbc.internal;

import dev.duo.config.StoreSettings;
import dev.duo.spi.SettingsStoreConnection;
import dev.duo.spi.SettingsStoreProvider;
import java.util.Map;

/** Serves {@code jdbc:postgresql:} store URLs (found through {@link java.util.ServiceLoader}). */
public final class JdbcStoreProvider implements SettingsStoreProvider {

    @Override
    public boolean accepts(StoreSettings settings) {
        return settings.url().startsWith("jdbc:postgresql:");
    }

    @Override
    public SettingsStoreConnection connect(StoreSettings settings, Map<String, String> environment, boolean live) {
        return JdbcStoreConnection.open(settings, environment, live);
    }
}
