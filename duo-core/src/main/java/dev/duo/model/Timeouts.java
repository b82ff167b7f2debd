package dev.duo.model;

import java.time.Duration;
import java.util.Objects;

/**
 * The deadlines of a model's calls.
 *
 * <pre>{@code
 * Timeouts t = Timeouts.DEFAULTS.withAttempt(Duration.ofSeconds(30));
 * }</pre>
 *
 * @param connect to open a connection
 * @param attempt for one attempt, from sending to the last byte
 * @param total for the whole call, retries and waits included
 * @param idle the longest silence allowed inside a stream
 */
public record Timeouts(Duration connect, Duration attempt, Duration total, Duration idle) {

    /** The longest any deadline may be set to (a day): longer is a mistake in units. */
    public static final Duration MAX = Duration.ofDays(1);

    /** 10 s to connect, 60 s an attempt, 180 s in all, 30 s of stream silence. */
    public static final Timeouts DEFAULTS = new Timeouts(
            Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(180), Duration.ofSeconds(30));

    /** Rejects null, zero, negative and absurd durations, naming the field. */
    public Timeouts {
        check("connect", connect);
        check("attempt", attempt);
        check("total", total);
        check("idle", idle);
    }

    private static void check(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("timeouts." + name + " must be positive, got " + d);
        }
        if (d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("timeouts." + name + " must be at most 1 day, got " + d);
        }
    }

    /** With another connect timeout. */
    public Timeouts withConnect(Duration d) {
        return connect.equals(d) ? this : new Timeouts(d, attempt, total, idle);
    }

    /** With another per-attempt timeout (this one when it is the same: timeouts are values). */
    public Timeouts withAttempt(Duration d) {
        return attempt.equals(d) ? this : new Timeouts(connect, d, total, idle);
    }

    /** With another overall deadline. */
    public Timeouts withTotal(Duration d) {
        return total.equals(d) ? this : new Timeouts(connect, attempt, d, idle);
    }

    /** With another stream idle timeout. */
    public Timeouts withIdle(Duration d) {
        return idle.equals(d) ? this : new Timeouts(connect, attempt, total, d);
    }
}
