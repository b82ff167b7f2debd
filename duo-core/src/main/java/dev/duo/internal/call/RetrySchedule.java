package dev.duo.internal.call;

import dev.duo.DuoException;
import dev.duo.call.RetryPolicy;
import java.time.Duration;

/**
 * The retry decision of one runtime's policy: whether a failed attempt is tried again and after how
 * long. Each leg of a call counts its own failures ({@link #forLeg()}). The arithmetic is
 * resilience4j 2.4's exponential random backoff as the runtime configured it before (so waits keep
 * their spread and bounds to the millisecond), without its 29 classes and ten lambdas at start-up:
 * <ul>
 *   <li>a failure that is not {@linkplain DuoException#retryable() retryable} is not retried;</li>
 *   <li>after {@code maxAttempts} failures there is no other attempt;</li>
 *   <li>the n-th wait starts from {@code initialBackoff}, multiplied by {@code multiplier} n - 1 times
 *       (truncated to whole milliseconds at each step), spread uniformly by {@code jitter} (at least
 *       1 ms), then capped at {@code maxBackoff};</li>
 *   <li>a provider's retry-after wins when it asks for longer.</li>
 * </ul>
 *
 * <pre>{@code
 * RetrySchedule schedule = RetrySchedule.of(RetryPolicy.DEFAULTS);   // once per runtime
 * RetrySchedule.Tries tries = schedule.forLeg();                     // once per leg
 * long waitMillis = tries.onError(failure);                          // -1: no other attempt
 * }</pre>
 */
final class RetrySchedule {

    private final int maxAttempts;
    private final long initialMillis;
    private final double multiplier;
    private final double jitter;
    private final long maxMillis;

    private RetrySchedule(RetryPolicy p) {
        this.maxAttempts = p.maxAttempts();
        this.initialMillis = p.initialBackoff().toMillis();
        this.multiplier = p.multiplier();
        this.jitter = p.jitter();
        this.maxMillis = p.maxBackoff().toMillis();
    }

    /**
     * The schedule of a policy.
     *
     * @throws IllegalArgumentException for a {@code maxBackoff} under 1 ms (with resilience4j's message,
     *         as before; an {@code initialBackoff} under 1 ms fails at the first retry, as it did)
     */
    static RetrySchedule of(RetryPolicy p) {
        checkInterval(p.maxBackoff().toMillis());
        checkJitter(p.jitter());
        return new RetrySchedule(p);
    }

    /** A fresh count of failures, for one leg of one call. */
    Tries forLeg() {
        return new Tries();
    }

    /** The wait before the attempt after the {@code failures}-th failure, before any retry-after. */
    long backoffMillis(int failures) {
        checkInterval(initialMillis);
        checkJitter(jitter);
        long interval = initialMillis;
        for (int i = 1; i < failures; i++) {
            interval = (long) (interval * multiplier);
        }
        return Math.min((long) spread(interval), maxMillis);
    }

    private double spread(double current) {
        double delta = jitter * current;
        double min = current - delta;
        double max = current + delta;
        return Math.max(1.0, min + Math.random() * (max - min + 1));
    }

    private static void checkInterval(long millis) {
        if (millis < 1) {
            throw new IllegalArgumentException("Illegal argument interval: " + millis + " millis is less than 1");
        }
    }

    private static void checkJitter(double jitter) {
        if (jitter < 0.0 || jitter > 1.0) {
            throw new IllegalArgumentException("Illegal argument randomizationFactor: " + jitter);
        }
    }

    /** One leg's failures so far; its attempts are sequential, each handed to the next through the scheduler. */
    final class Tries {

        private int failures;

        private Tries() {
        }

        /**
         * Counts a failed attempt.
         *
         * @return the wait in milliseconds before the next attempt, or -1 when there is none
         */
        synchronized long onError(DuoException e) {
            if (!e.retryable()) {
                return -1;
            }
            int attempt = ++failures;
            if (attempt >= maxAttempts) {
                return -1;
            }
            long wait = backoffMillis(attempt);
            long asked = e.context().retryAfter().map(Duration::toMillis).orElse(0L);
            return Math.max(wait, asked);
        }
    }
}
