package dev.duo.testkit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * Decides, call by call, which {@link Fault} a fake injects: first the scripted ones in order,
 * then random ones at a set rate from a seeded random, so a failing run can be replayed exactly.
 * Thread-safe: concurrent calls draw faults one at a time.
 *
 * <pre>{@code
 * FaultPlan plan = FaultPlan.builder()
 *         .next(2, Fault.status(429).withRetryAfter(Duration.ofSeconds(1)))  // the first two calls
 *         .thenRandomly(0.05, 42L, Fault.status(503), Fault.disconnectAfterChunks(2))
 *         .build();
 * }</pre>
 */
public final class FaultPlan {

    /** A plan that never injects a fault. */
    public static FaultPlan none() {
        return builder().build();
    }

    private final Deque<Fault> scripted;
    private final double rate;
    private final Random random;
    private final List<Fault> randomFaults;
    private long calls;
    private long injected;

    private FaultPlan(Builder b) {
        this.scripted = new ArrayDeque<>(b.scripted);
        this.rate = b.rate;
        this.random = new Random(b.seed);
        this.randomFaults = List.copyOf(b.randomFaults);
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The fault for the next call, or empty to answer normally. */
    public synchronized Optional<Fault> next() {
        calls++;
        Fault f = scripted.pollFirst();
        if (f == null && !randomFaults.isEmpty() && random.nextDouble() < rate) {
            f = randomFaults.get(random.nextInt(randomFaults.size()));
        }
        if (f != null) {
            injected++;
        }
        return Optional.ofNullable(f);
    }

    /** Calls that asked this plan for a fault. */
    public synchronized long calls() {
        return calls;
    }

    /** Faults injected so far. */
    public synchronized long injected() {
        return injected;
    }

    /** Builds a {@link FaultPlan}. */
    public static final class Builder {
        private final List<Fault> scripted = new ArrayList<>();
        private double rate;
        private long seed;
        private final List<Fault> randomFaults = new ArrayList<>();

        private Builder() {
        }

        /** The next call gets this fault (after those already scripted). */
        public Builder next(Fault fault) {
            return next(1, fault);
        }

        /** The next {@code times} calls get this fault. */
        public Builder next(int times, Fault fault) {
            Objects.requireNonNull(fault, "fault");
            if (times < 1) {
                throw new IllegalArgumentException("times must be at least 1, got " + times);
            }
            for (int i = 0; i < times; i++) {
                scripted.add(fault);
            }
            return this;
        }

        /** After the scripted faults, each call gets one of {@code faults} with probability {@code rate}. */
        public Builder thenRandomly(double rate, long seed, Fault... faults) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("rate must be between 0 and 1, got " + rate);
            }
            if (faults.length == 0) {
                throw new IllegalArgumentException("name at least one fault to inject randomly");
            }
            this.rate = rate;
            this.seed = seed;
            this.randomFaults.clear();
            this.randomFaults.addAll(List.of(faults));
            return this;
        }

        /** Builds. */
        public FaultPlan build() {
            return new FaultPlan(this);
        }
    }
}
