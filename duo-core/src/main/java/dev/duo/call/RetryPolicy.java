package dev.duo.call;

import java.time.Duration;
import java.util.Objects;

/**
 * How the pipeline retries a failed attempt: at most {@code maxAttempts} attempts in all, waiting
 * {@code initialBackoff} before the second, growing by {@code multiplier} each time up to
 * {@code maxBackoff}, each wait spread by {@code jitter} (0.5 means anywhere from half to one and a
 * half of the nominal wait). A provider's retry-after is honoured when it is longer. Only
 * retryable errors are retried ({@link dev.duo.DuoException#retryable()}: rate limited, overloaded,
 * timeout, connection failure, 5xx), never a 4xx validation or authentication error, a streamed
 * call only before its first chunk reached the caller, and never when the wait would pass the
 * call's overall deadline.
 *
 * <p>Defaults: 3 attempts, 500 ms, x2, jitter 0.5, at most 20 s. (The AI gateway's network retry
 * waits 3 s growing 3x up to 29 s; an SDK call in a user's request path wants shorter waits.)
 *
 * <pre>{@code
 * RetryPolicy p = RetryPolicy.DEFAULTS.withMaxAttempts(5);
 * RetryPolicy off = RetryPolicy.NONE;
 * }</pre>
 *
 * @param maxAttempts attempts in all, the first included (1 means no retry)
 * @param initialBackoff the wait before the second attempt
 * @param multiplier the growth of each further wait (at least 1)
 * @param jitter the random spread of each wait, 0 to 1
 * @param maxBackoff the longest wait the backoff computes (a provider's retry-after may be longer)
 */
@SuppressWarnings("removal") // implements its old name for one release
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, double jitter,
                          Duration maxBackoff)
        implements dev.duo.pipeline.RetryPolicy {

    /** 3 attempts, 500 ms growing 2x with jitter 0.5, at most 20 s. */
    public static final RetryPolicy DEFAULTS =
            new RetryPolicy(3, Duration.ofMillis(500), 2.0, 0.5, Duration.ofSeconds(20));

    /** One attempt, no retry. */
    public static final RetryPolicy NONE = DEFAULTS.withMaxAttempts(1);

    /** Validates every field, naming it. */
    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("retry.max_attempts must be between 1 and 100, got " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("retry.initial_backoff must be positive, got " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("retry.max_backoff (" + maxBackoff
                    + ") must be at least retry.initial_backoff (" + initialBackoff + ")");
        }
        if (!(multiplier >= 1.0 && multiplier <= 10.0)) {
            throw new IllegalArgumentException("retry.multiplier must be between 1 and 10, got " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter < 1.0)) {
            throw new IllegalArgumentException("retry.jitter must be at least 0 and below 1, got " + jitter);
        }
    }

    /** The same policy with another number of attempts. */
    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, initialBackoff, multiplier, jitter, maxBackoff);
    }

    /** The same policy with other waits. */
    public RetryPolicy withBackoff(Duration initial, double multiplier, Duration max) {
        return new RetryPolicy(maxAttempts, initial, multiplier, jitter, max);
    }

    /** The same policy with another jitter (0 for exact waits). */
    public RetryPolicy withJitter(double jitter) {
        return new RetryPolicy(maxAttempts, initialBackoff, multiplier, jitter, maxBackoff);
    }
}
