package dev.duo.internal.call;

import dev.duo.call.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A model's shared rate-limit pause, for the whole client: a rate limit (HTTP 429 with its
 * {@code Retry-After}, Fireworks' over-limit answer, Bedrock's ThrottlingException) stops new
 * attempts to the model until the time given, instead of each call in flight finding out alone.
 * When the pause ends, one attempt goes first as the probe; the others wait until it ends (a
 * success opens the gate, another rate limit pauses it again), so a throttled model sees at most
 * one attempt per pause rather than one per waiting call. Waiters are futures, completed when it is
 * worth asking again; calls that can fall back do not wait at all. Thread-safe.
 */
final class RateGate {

    /** Pause for a rate limit that names no wait. */
    static final Duration DEFAULT_PAUSE = Duration.ofSeconds(1);

    /** What {@link #pass()} says. */
    enum Pass { GO, PROBE, BUSY }

    private final Clock clock;
    private final Scheduler scheduler;
    private final Queue<CompletableFuture<Void>> waiters = new ConcurrentLinkedQueue<>();
    private volatile boolean clear = true;      // the fast path: no pause, no probe
    private Instant pausedUntil;                // guarded by this
    private boolean probing;                    // guarded by this
    private Scheduler.Task wake;                // guarded by this

    RateGate(Clock clock, Scheduler scheduler) {
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /** Whether an attempt may start now: GO, PROBE (it is the one after a pause: report its end), or BUSY. */
    Pass pass() {
        if (clear) {
            return Pass.GO;
        }
        synchronized (this) {
            if (pausedUntil == null) {
                return probing ? Pass.BUSY : Pass.GO;
            }
            if (probing || clock.instant().isBefore(pausedUntil)) {
                return Pass.BUSY;
            }
            pausedUntil = null;
            probing = true;
            return Pass.PROBE;
        }
    }

    /** Whether an attempt would wait now (paused, or a probe in flight); unlike {@link #pass()} it takes no probe. */
    boolean busy() {
        if (clear) {
            return false;
        }
        synchronized (this) {
            return probing || pausedUntil != null && clock.instant().isBefore(pausedUntil);
        }
    }

    /** When the pause ends; null when none is set (open, or a probe in flight). */
    synchronized Instant pausedUntil() {
        return pausedUntil;
    }

    /**
     * Pauses new attempts for {@code wait} from now (a longer pause already set stays).
     *
     * @return the end of the pause when this started one (the model was taking attempts), else null
     *     (it extended or kept one: the answers of attempts already on their way)
     */
    Instant pause(Duration wait) {
        Instant now = clock.instant();
        Instant until = now.plus(wait == null || wait.isNegative() || wait.isZero() ? DEFAULT_PAUSE : wait);
        synchronized (this) {
            boolean started = pausedUntil == null || !now.isBefore(pausedUntil);
            probing = false;
            clear = false;
            if (pausedUntil != null && !until.isAfter(pausedUntil)) {
                return null;
            }
            pausedUntil = until;
            if (wake != null) {
                wake.cancel();
            }
            wake = scheduler.schedule(this::wakeAll, Duration.between(now, until));
            return started ? until : null;
        }
    }

    /** The probe ended without another rate limit (or was abandoned): the gate opens, the waiters ask again. */
    void probeEnded() {
        synchronized (this) {
            probing = false;
            clear = pausedUntil == null;
        }
        wakeAll();
    }

    /** Completes {@code f} when it is worth asking {@link #pass()} again. */
    void await(CompletableFuture<Void> f) {
        waiters.add(f);
        if (clear) {
            wakeAll();
        }
    }

    private void wakeAll() {
        CompletableFuture<Void> f;
        while ((f = waiters.poll()) != null) {
            f.complete(null);
        }
    }
}
