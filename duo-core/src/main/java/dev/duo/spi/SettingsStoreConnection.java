package dev.duo.spi;

import dev.duo.config.StoredSettings;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * An open settings store: reads, atomic updates and, for a live client, change notifications.
 *
 * <pre>{@code
 * try (SettingsStoreConnection c = provider.connect(settings, System.getenv(), false)) {
 *     c.update(s -> new StoredSettings(true, s.models(), s.features(), s.version()));
 * }
 * }</pre>
 */
public interface SettingsStoreConnection extends AutoCloseable {

    /**
     * What the store holds now.
     *
     * @throws dev.duo.ConfigurationException when the store cannot be read (naming URL and reason)
     */
    StoredSettings read();

    /**
     * One transaction: reads under a lock that serialises writers, applies {@code change}, writes
     * what differs and bumps the change counter (telling every watching client). Returns what is
     * stored after the commit; when {@code change} returns its argument nothing is written.
     *
     * @throws dev.duo.ConfigurationException for a literal api key, or a store that cannot be written
     */
    StoredSettings update(UnaryOperator<StoredSettings> change);

    /**
     * Starts telling {@code changes} of every committed change (in order, each a whole read of the
     * store) and {@code connection} of the store becoming unreachable ({@code false}) or reachable
     * again ({@code true}), on one daemon thread of the connection's own. Never blocks a caller.
     */
    void watch(Consumer<StoredSettings> changes, Consumer<Boolean> connection);

    /** The store's URL, for messages (never a password). */
    String describe();

    /** Stops watching and releases connections; idempotent. */
    @Override
    void close();
}
