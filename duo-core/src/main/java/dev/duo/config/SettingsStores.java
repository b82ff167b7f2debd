package dev.duo.config;

import dev.duo.admin.DuoConfigStore;
import dev.duo.admin.DuoConfigLoader;
import dev.duo.internal.live.StoreBackedSettings;
import dev.duo.internal.live.StoreProviders;
import dev.duo.spi.SettingsStoreConnection;
import java.nio.file.Path;
import java.util.Map;

/**
 * Opens the place settings are read from and written to, as the {@code duo} command does: the
 * {@code duo.yml} file, or the settings store that file names under {@code store:} (then models,
 * feature settings and the beta opt-in live in the store, and the file keeps the rest).
 *
 * <pre>{@code
 * DuoConfig now = SettingsStores.load(null, System.getenv(), Path.of(""));   // file + env + store
 * try (SettingsStore store = SettingsStores.of(DuoConfigStore.open(null, System.getenv(), Path.of("")), System.getenv())) {
 *     store.update(c -> new FeatureSettings(FeatureRegistry.bundled(), c).assign("duo_chat", "Mixtral"));
 * }
 * }</pre>
 */
public final class SettingsStores {

    private SettingsStores() {
    }

    /**
     * {@code file} itself, or the store it names.
     *
     * @param environment where the store's password reference is resolved
     * @throws dev.duo.ConfigurationException when the named store cannot be reached (naming its URL and the reason)
     */
    public static SettingsStore of(DuoConfigStore file, Map<String, String> environment) {
        DuoConfig fileConfig = file.read();
        if (fileConfig.store().isEmpty()) {
            return file;
        }
        SettingsStoreConnection c = StoreProviders.connect(fileConfig.store().get(), environment, false,
                SettingsStores.class.getClassLoader());
        return new StoreBackedSettings(fileConfig, c);
    }

    /**
     * The configuration a client would start from: {@link DuoConfigLoader#load} and, when the file
     * names a store, the store's models, settings and opt-in in place of the file's.
     *
     * @throws dev.duo.ConfigurationException as {@link DuoConfigLoader#load}, or when the store cannot be read
     */
    public static DuoConfig load(Path explicitFile, Map<String, String> environment, Path workingDir) {
        DuoConfig config = DuoConfigLoader.load(explicitFile, environment, workingDir);
        if (config.store().isEmpty()) {
            return config;
        }
        try (SettingsStoreConnection c = StoreProviders.connect(config.store().get(), environment, false,
                SettingsStores.class.getClassLoader())) {
            return c.read().applyTo(config);
        }
    }
}
