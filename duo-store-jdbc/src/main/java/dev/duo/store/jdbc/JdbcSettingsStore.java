package dev.duo.store.jdbc;

import dev.duo.config.StoreSettings;
import dev.duo.spi.SettingsStoreConnection;
import dev.duo.store.jdbc.internal.JdbcStoreConnection;
import java.util.Map;

/**
 * The PostgreSQL settings store. Most services never use this class: naming the store in duo.yml
 * is enough, and every {@code DuoClient} and {@code duo} command then reads, writes and follows it.
 * This opens one directly, for an administration tool of your own.
 *
 * <pre>{@code
 * StoreSettings s = StoreSettings.of("jdbc:postgresql://db:5432/duo", "duo", "${DUO_DB_PASSWORD}");
 * try (SettingsStoreConnection store = JdbcSettingsStore.open(s, System.getenv())) {
 *     store.update(now -> new StoredSettings(true, now.models(), now.features(), now.version()));
 * }
 * }</pre>
 */
public final class JdbcSettingsStore {

    private JdbcSettingsStore() {
    }

    /**
     * Connects, creating or migrating the schema (Flyway) when it is older than this SDK's.
     *
     * @param environment where the password reference is resolved
     * @throws dev.duo.ConfigurationException naming the URL and the reason when the store is unreachable,
     *     its schema is newer than this SDK knows, or the password variable is unset
     */
    public static SettingsStoreConnection open(StoreSettings settings, Map<String, String> environment) {
        return JdbcStoreConnection.open(settings, environment, false);
    }
}
