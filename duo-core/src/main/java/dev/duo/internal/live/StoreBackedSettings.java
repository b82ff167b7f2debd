package dev.duo.internal.live;

import dev.duo.config.DuoConfig;
import dev.duo.config.SettingsStore;
import dev.duo.config.StoredSettings;
import dev.duo.spi.SettingsStoreConnection;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The settings commands' view of a store: the file's configuration (prompts, metadata, http) with
 * the store's models, settings and opt-in; every update one transaction of the store's.
 */
public final class StoreBackedSettings implements SettingsStore {

    private final DuoConfig file;
    private final SettingsStoreConnection store;

    /** Over the file layer {@code file} (which names the store) and an open connection (owned from now on). */
    public StoreBackedSettings(DuoConfig file, SettingsStoreConnection store) {
        this.file = file;
        this.store = store;
    }

    @Override
    public DuoConfig read() {
        return store.read().applyTo(file);
    }

    @Override
    public DuoConfig update(UnaryOperator<DuoConfig> change) {
        Objects.requireNonNull(change, "change");
        DuoConfig[] result = new DuoConfig[1];
        StoredSettings after = store.update(stored -> {
            DuoConfig current = stored.applyTo(file);
            DuoConfig next = Objects.requireNonNull(change.apply(current), "the change returned null");
            result[0] = next;
            return next == current ? stored : StoredSettings.from(next, stored.version());
        });
        return result[0] != null ? after.applyTo(file) : read();
    }

    @Override
    public String location() {
        return "the settings store " + store.describe();
    }

    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return "StoreBackedSettings{" + store.describe() + "}";
    }
}
