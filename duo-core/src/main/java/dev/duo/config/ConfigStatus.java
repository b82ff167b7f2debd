package dev.duo.config;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a client's live configuration stands: what it serves from, whether it watches for
 * changes, whether the last change was rejected, and whether its settings store is reachable.
 * A health indicator reads this; {@link #healthy()} is its one-word answer.
 *
 * <pre>{@code
 * ConfigStatus s = client.configStatus();
 * if (!s.healthy()) log.warn("duo settings: {}", s.problem().orElse("store unreachable"));
 * }</pre>
 *
 * @param source the file (or {@code classpath:duo.yml}) the configuration came from, or empty
 * @param store the settings store URL when one is used, or empty
 * @param watching whether changes are applied while running
 * @param generation how many configurations this client has applied (1 for the first)
 * @param appliedAt when the configuration in use was applied
 * @param problem why the last change was not applied (it is still in use), or empty
 * @param storeConnected false while the store is unreachable (the last good settings stay in use)
 */
public record ConfigStatus(Optional<String> source, Optional<String> store, boolean watching, long generation,
                           Instant appliedAt, Optional<String> problem, boolean storeConnected) {

    /** No rejected change and, with a store, a live connection to it. */
    public boolean healthy() {
        return problem.isEmpty() && storeConnected;
    }

    /** This status with another problem (empty clears it). */
    public ConfigStatus withProblem(Optional<String> p) {
        return new ConfigStatus(source, store, watching, generation, appliedAt, p, storeConnected);
    }

    /** This status with the store's connection state. */
    public ConfigStatus withStoreConnected(boolean connected) {
        return new ConfigStatus(source, store, watching, generation, appliedAt, problem, connected);
    }

    /** This status after a configuration was applied: the next generation, no problem. */
    public ConfigStatus applied(Instant at) {
        return new ConfigStatus(source, store, watching, generation + 1, at, Optional.empty(), storeConnected);
    }
}
