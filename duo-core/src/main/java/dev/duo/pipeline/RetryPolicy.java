package dev.duo.pipeline;

import java.time.Duration;

/**
 * Moved to {@link dev.duo.call.RetryPolicy}, which implements this interface so that code reading it through the old name keeps compiling (its constants are the new record values, so {@code RetryPolicy.DEFAULTS.withMaxAttempts(3)} still compiles); goes in the next release.
 *
 * <pre>{@code
 * // before: import dev.duo.pipeline.RetryPolicy;
 * import dev.duo.call.RetryPolicy;
 * }</pre>
 *
 * @deprecated use {@link dev.duo.call.RetryPolicy}
 */
@Deprecated(since = "0.1.0", forRemoval = true)
public interface RetryPolicy {

    /** See {@link dev.duo.call.RetryPolicy#DEFAULTS}. */
    dev.duo.call.RetryPolicy DEFAULTS = dev.duo.call.RetryPolicy.DEFAULTS;
    /** See {@link dev.duo.call.RetryPolicy#NONE}. */
    dev.duo.call.RetryPolicy NONE = dev.duo.call.RetryPolicy.NONE;

    /** @return attempts in all */
    int maxAttempts();

    /** @return the wait before the second attempt */
    Duration initialBackoff();

    /** @return the growth of each further wait */
    double multiplier();

    /** @return the random spread of each wait */
    double jitter();

    /** @return the longest wait */
    Duration maxBackoff();

    /**
     * @param attempts attempts in all
     * @return a copy with that many attempts
     */
    dev.duo.call.RetryPolicy withMaxAttempts(int attempts);

    /**
     * @param initial the first wait
     * @param multiplier the growth
     * @param max the longest wait
     * @return a copy with that backoff
     */
    dev.duo.call.RetryPolicy withBackoff(Duration initial, double multiplier, Duration max);

    /**
     * @param jitter the spread, 0 to 1
     * @return a copy with that jitter
     */
    dev.duo.call.RetryPolicy withJitter(double jitter);
}
