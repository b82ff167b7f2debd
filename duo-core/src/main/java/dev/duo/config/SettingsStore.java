package dev.duo.config;

import dev.duo.admin.DuoConfigStore;
import java.util.function.UnaryOperator;

/**
 * Where the settings commands read and write: the {@code duo.yml} file ({@link DuoConfigStore}) or,
 * when the file names a {@code store:}, the shared database. Every {@link #update} is one atomic
 * read-modify-write: two writers at once never lose an update.
 *
 * <pre>{@code
 * try (SettingsStore store = SettingsStores.open(null, System.getenv(), Path.of(""))) {
 *     store.update(c -> c.toBuilder().betaModelsEnabled(true).build());
 * }
 * }</pre>
 */
public interface SettingsStore extends AutoCloseable {

    /**
     * The configuration as stored now (no environment layer).
     *
     * @throws dev.duo.ConfigurationException when it cannot be read
     */
    DuoConfig read();

    /**
     * Applies {@code change} to the current configuration and saves the result atomically; when
     * {@code change} returns the instance it was given, nothing is written.
     *
     * @param change turns the current configuration into the next; may run more than once only if
     *     the store retries, so it should have no effects outside the returned value
     * @return the configuration now stored
     */
    DuoConfig update(UnaryOperator<DuoConfig> change);

    /** Where writes go, for messages: a file path or a store URL (never a password). */
    String location();

    /** Releases what the store holds (database connections); idempotent. */
    @Override
    void close();
}
