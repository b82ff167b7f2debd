package dev.duo.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * When a replica of a model ({@link ReplicaSet}) is ejected and when it is probed again: each
 * replica has its own resilience4j circuit breaker over a count-based window of its last attempts.
 * A refused connection ejects at once (nothing listens there: a pod restarting, a port closed);
 * other failures (5xx, a dropped connection, a timeout) eject once {@link #failureRatePercent()} of
 * the last {@link #window()} attempts failed, counted from {@link #minimumCalls()} attempts on.
 * An ejected replica gets no call for {@link #cooldown()}; then one call at a time is its probe, and
 * a success re-admits it. The defaults suit model servers: a dead pod is out after one refused
 * connection, or after 3 failed attempts of 5.
 *
 * <pre>{@code
 * ReplicaPolicy p = ReplicaPolicy.builder().cooldown(Duration.ofSeconds(10)).build();
 * ReplicaSet replicas = ReplicaSet.of(ctx, p);
 * }</pre>
 */
public final class ReplicaPolicy {

    /** Window of 10 attempts, ejection from 5 attempts at 50% failed, 30 s cooldown, refused connections eject at once. */
    public static final ReplicaPolicy DEFAULTS = builder().build();

    private final int window;
    private final int minimumCalls;
    private final float failureRatePercent;
    private final Duration cooldown;
    private final boolean ejectOnRefusedConnection;

    private ReplicaPolicy(Builder b) {
        this.window = b.window;
        this.minimumCalls = b.minimumCalls;
        this.failureRatePercent = b.failureRatePercent;
        this.cooldown = b.cooldown;
        this.ejectOnRefusedConnection = b.ejectOnRefusedConnection;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** How many of a replica's last attempts its failure rate is computed over. */
    public int window() {
        return window;
    }

    /** How many attempts a replica must have had before its failure rate can eject it. */
    public int minimumCalls() {
        return minimumCalls;
    }

    /** The failure rate, in percent, at which a replica is ejected. */
    public float failureRatePercent() {
        return failureRatePercent;
    }

    /** How long an ejected replica gets no call before one probe call may go to it. */
    public Duration cooldown() {
        return cooldown;
    }

    /** Whether a refused connection (nothing listening) ejects the replica at once. */
    public boolean ejectOnRefusedConnection() {
        return ejectOnRefusedConnection;
    }

    @Override
    public String toString() {
        return "ReplicaPolicy{window=" + window + ", minimumCalls=" + minimumCalls + ", failureRate="
                + failureRatePercent + "%, cooldown=" + cooldown.toMillis() + "ms, ejectOnRefusedConnection="
                + ejectOnRefusedConnection + '}';
    }

    /** Builds a {@link ReplicaPolicy}; each setter checks its range and names it. */
    public static final class Builder {
        private int window = 10;
        private int minimumCalls = 5;
        private float failureRatePercent = 50;
        private Duration cooldown = Duration.ofSeconds(30);
        private boolean ejectOnRefusedConnection = true;

        private Builder() {
        }

        /** The window of attempts, 1 to 1000. */
        public Builder window(int attempts) {
            if (attempts < 1 || attempts > 1000) {
                throw new IllegalArgumentException("a replica's window must be 1 to 1000 attempts, not " + attempts);
            }
            this.window = attempts;
            return this;
        }

        /** The attempts before the failure rate counts, 1 to 1000. */
        public Builder minimumCalls(int attempts) {
            if (attempts < 1 || attempts > 1000) {
                throw new IllegalArgumentException("a replica's minimum calls must be 1 to 1000, not " + attempts);
            }
            this.minimumCalls = attempts;
            return this;
        }

        /** The failure rate that ejects, above 0 and at most 100 percent. */
        public Builder failureRatePercent(float percent) {
            if (!(percent > 0 && percent <= 100)) {
                throw new IllegalArgumentException("a replica's failure rate must be above 0 and at most 100 (percent), not "
                        + percent);
            }
            this.failureRatePercent = percent;
            return this;
        }

        /** The cooldown of an ejected replica, at least 1 ms. */
        public Builder cooldown(Duration cooldown) {
            Objects.requireNonNull(cooldown, "cooldown");
            if (cooldown.toMillis() < 1) {
                throw new IllegalArgumentException("a replica's cooldown must be at least 1ms, not " + cooldown);
            }
            this.cooldown = cooldown;
            return this;
        }

        /** Whether a refused connection ejects at once (default true). */
        public Builder ejectOnRefusedConnection(boolean eject) {
            this.ejectOnRefusedConnection = eject;
            return this;
        }

        /** Builds. */
        public ReplicaPolicy build() {
            return new ReplicaPolicy(this);
        }
    }
}
