package dev.duo.spi;

import dev.duo.config.StoreSettings;
import java.util.Map;

/**
 * A settings store module's entry point, found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.duo.spi.SettingsStoreProvider}); {@code duo-store-jdbc} is one.
 *
 * <pre>{@code
 * public final class MyStoreProvider implements SettingsStoreProvider {
 *     public boolean accepts(StoreSettings s) { return s.url().startsWith("jdbc:mydb:"); }
 *     public SettingsStoreConnection connect(StoreSettings s, Map<String, String> env, boolean live) { ... }
 * }
 * }</pre>
 */
public interface SettingsStoreProvider {

    /** Whether this provider serves the store's URL. */
    boolean accepts(StoreSettings settings);

    /**
     * Opens the store; checks that it is reachable and its schema is one this SDK knows.
     *
     * @param settings the {@code store:} section
     * @param environment where the password reference is resolved
     * @param live true for a client that will {@link SettingsStoreConnection#watch watch} the store
     *     (it may keep a pool and a listening connection), false for one-off commands
     * @throws dev.duo.ConfigurationException naming the URL (never the password), the reason and the fix
     */
    SettingsStoreConnection connect(StoreSettings settings, Map<String, String> environment, boolean live);
}
