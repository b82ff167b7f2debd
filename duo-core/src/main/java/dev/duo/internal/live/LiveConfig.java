package dev.duo.internal.live;

import dev.duo.config.ConfigEvent;
import dev.duo.config.ConfigListener;
import dev.duo.config.ConfigStatus;
import dev.duo.config.DuoConfig;
import dev.duo.config.StoreSettings;
import dev.duo.config.StoredSettings;
import dev.duo.internal.client.ClientSnapshot;
import dev.duo.spi.SettingsStoreConnection;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's configuration over time: composes the file layer (duo.yml and the environment), the
 * store's settings when the file names a store, and the builder's changes; re-composes when the
 * file, a prompt folder or the store changes; and swaps the client's snapshot only when the result
 * loads and passes {@link Validation}. A change that does not keeps the last good snapshot, is
 * logged once as a WARN (file, line, fix) and told to listeners; the status says so until a good
 * change arrives.
 */
public final class LiveConfig implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveConfig.class);
    /** Fingerprints are compared this often even without a file event. */
    static final Duration RECHECK = Duration.ofSeconds(5);

    private final Supplier<DuoConfig> fileLayer;
    private final UnaryOperator<DuoConfig> changes;
    private final Optional<Path> watchedFile;
    private final SettingsStoreConnection store;
    private final Clock clock;
    private final List<ConfigListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<ConfigStatus> status;
    private final Object reloadLock = new Object();
    private DuoConfig lastFileLayer;
    private StoredSettings lastStored;
    private ConfigWatcher watcher;
    private String lastRejected;
    private StoredSettings rejectedStored;

    /**
     * Composes the first configuration; with a store, reads it (failing the build when it cannot).
     *
     * @param fileLayer reads duo.yml and the environment again (throws when they do not load)
     * @param changes the builder's programmatic changes, applied last
     * @param watchedFile the file to watch, or empty (a programmatic or classpath configuration)
     * @param storeConnector opens the store the configuration names (called at most once)
     * @param watch whether changes are applied while running
     */
    public LiveConfig(Supplier<DuoConfig> fileLayer, UnaryOperator<DuoConfig> changes, Optional<Path> watchedFile,
                      Function<StoreSettings, SettingsStoreConnection> storeConnector, boolean watch, Clock clock,
                      List<ConfigListener> initialListeners) {
        this.fileLayer = fileLayer;
        this.changes = changes;
        this.clock = clock;
        this.listeners.addAll(initialListeners);
        this.lastFileLayer = fileLayer.get();
        Optional<StoreSettings> storeSettings = lastFileLayer.store();
        this.store = storeSettings.map(storeConnector).orElse(null);
        try {
            this.lastStored = store == null ? null : store.read();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        this.watchedFile = watch ? watchedFile : Optional.empty();
        // Not Optional.map with a method reference: each lambda costs a class spun at start-up.
        Optional<String> storeUrl = storeSettings.isPresent() ? Optional.ofNullable(storeSettings.get().url()) : Optional.empty();
        this.status = new AtomicReference<>(new ConfigStatus(lastFileLayer.source(), storeUrl,
                watch && (watchedFile.isPresent() || store != null), 0, clock.instant(), Optional.empty(), true));
    }

    /** The configuration to build the first snapshot from. */
    public DuoConfig initial() {
        return compose(lastFileLayer, lastStored);
    }

    private DuoConfig compose(DuoConfig file, StoredSettings stored) {
        DuoConfig base = stored == null ? file : stored.applyTo(file);
        return changes.apply(base);
    }

    /**
     * Starts following changes (when watching): the file and prompt folders, and the store.
     *
     * @param build builds a snapshot from a configuration, told whether a prompt folder changed (the
     *     prompts must be read again); throws when it does not load
     * @param swap makes a snapshot the client's current one
     */
    public void start(ClientSnapshot first, BiFunction<DuoConfig, Boolean, ClientSnapshot> build,
                      Consumer<ClientSnapshot> swap) {
        ConfigStatus before;
        do {                                                // updateAndGet without a lambda (start-up)
            before = status.get();
        } while (!status.compareAndSet(before, before.applied(clock.instant())));
        if (!status.get().watching()) {
            return;
        }
        Reloader reloader = new Reloader(build, swap);
        if (watchedFile.isPresent()) {
            List<Path> files = new ArrayList<>();
            files.add(watchedFile.get());
            files.addAll(first.config().featureMetadata());
            try {
                watcher = new ConfigWatcher(files, first.config().promptDirectories(), reloader::fileChanged, RECHECK,
                        "duo-config-watch");
            } catch (java.io.UncheckedIOException e) {
                // Out of inotify instances, say: the client still serves; only live file changes are lost.
                LOG.warn("Cannot watch {} for changes ({}): changes to it need a restart of this service",
                        watchedFile.get(), e.getMessage());
                if (store == null) {
                    status.updateAndGet(s -> new ConfigStatus(s.source(), s.store(), false, s.generation(), s.appliedAt(),
                            s.problem(), s.storeConnected()));
                }
            }
        }
        if (store != null) {
            store.watch(reloader::storeChanged, this::storeConnection);
        }
    }

    /** Where the client stands now. */
    public ConfigStatus status() {
        return status.get();
    }

    /** Adds a listener. */
    public void addListener(ConfigListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private void storeConnection(boolean connected) {
        ConfigStatus before = status.get();
        if (before.storeConnected() == connected) {
            return;
        }
        ConfigStatus after = status.updateAndGet(s -> s.withStoreConnected(connected));
        String url = after.store().orElse("the store");
        if (connected) {
            LOG.info("The settings store {} is reachable again; following its changes", url);
            fire(new ConfigEvent(ConfigEvent.Kind.STORE_RECONNECTED, "The settings store " + url + " is reachable again", after));
        } else {
            String msg = "The settings store " + url + " is unreachable: the last good settings stay in use while the "
                    + "client reconnects";
            LOG.warn(msg);
            fire(new ConfigEvent(ConfigEvent.Kind.STORE_DISCONNECTED, msg, after));
        }
    }

    private void fire(ConfigEvent e) {
        for (ConfigListener l : listeners) {
            try {
                l.onConfigEvent(e);
            } catch (RuntimeException ex) {
                LOG.warn("a ConfigListener threw {} (ignored)", ex.toString());
            }
        }
    }

    /** Re-composes on a change, under one lock so the file and the store never race. */
    private final class Reloader {
        private final BiFunction<DuoConfig, Boolean, ClientSnapshot> build;
        private final Consumer<ClientSnapshot> swap;

        Reloader(BiFunction<DuoConfig, Boolean, ClientSnapshot> build, Consumer<ClientSnapshot> swap) {
            this.build = build;
            this.swap = swap;
        }

        void fileChanged(boolean directoriesChanged) {
            synchronized (reloadLock) {
                DuoConfig file;
                try {
                    file = fileLayer.get();
                    if (!Objects.equals(file.store(), lastFileLayer.store())) {
                        throw new dev.duo.InvalidConfigException(file.source().orElse("duo.yml")
                                + ": the 'store:' section changed: restart the service to use another store");
                    }
                } catch (RuntimeException e) {
                    reject(e);
                    return;
                }
                if (tryApply(file, lastStored, directoriesChanged)) {
                    lastFileLayer = file;
                }
            }
        }

        void storeChanged(StoredSettings stored) {
            synchronized (reloadLock) {
                if (stored.sameContent(lastStored)) {
                    lastStored = stored;
                    return;
                }
                if (stored.sameContent(rejectedStored)) {
                    return; // the same bad settings read again (a poll, a reconnect): already reported
                }
                if (tryApply(lastFileLayer, stored, false)) {
                    lastStored = stored;
                    rejectedStored = null;
                } else {
                    rejectedStored = stored;
                }
            }
        }

        private boolean tryApply(DuoConfig file, StoredSettings stored, boolean filesChanged) {
            ClientSnapshot next;
            try {
                next = build.apply(compose(file, stored), filesChanged);
                Validation.check(next);
            } catch (RuntimeException e) {
                reject(e);
                return false;
            }
            swap.accept(next);
            lastRejected = null;
            ConfigStatus after = status.updateAndGet(s -> s.applied(clock.instant()));
            String msg = "Applied a changed configuration (generation " + after.generation() + ") from "
                    + (stored != null ? "the store " + after.store().orElse("") + " (version " + stored.version() + ")"
                    : file.source().orElse("the file"));
            LOG.info(msg);
            fire(new ConfigEvent(ConfigEvent.Kind.APPLIED, msg, after));
            return true;
        }

        private void reject(RuntimeException e) {
            String reason = String.valueOf(e.getMessage());
            String msg = "A configuration change was not applied: " + reason + ". The client keeps serving the last good "
                    + "configuration (generation " + status.get().generation() + "); fix it and save again, it is "
                    + "reloaded within a second";
            ConfigStatus after = status.updateAndGet(s -> s.withProblem(Optional.of(reason)));
            if (!reason.equals(lastRejected)) {
                // One WARN per distinct bad change, however often it is looked at again.
                LOG.warn(msg);
                lastRejected = reason;
            }
            fire(new ConfigEvent(ConfigEvent.Kind.REJECTED, msg, after));
        }
    }

    /** Stops watching the file and the store; idempotent. */
    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        if (store != null) {
            store.close();
        }
    }
}
