package dev.duo.spi;

import dev.duo.spi.Attempt;

import dev.duo.DuoException;
import dev.duo.model.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One attempt of a call, as the runtime hands it to a {@link ModelClient}: the deadlines that apply
 * to it, already decided (a provider reads them and derives nothing), and its cancel signal, which
 * a provider turns into aborting its HTTP call (OkHttp {@code Call.cancel()}, cancelling the AWS
 * SDK's future) so that a cancel, a deadline or an interrupt reaches the socket.
 *
 * <ul>
 *   <li>{@link #timeout()}: this attempt's budget: the whole blocking attempt (OkHttp's
 *       {@code call.timeout()}, the AWS SDK's {@code apiCallTimeout}), or a stream's wait for its
 *       first byte; never more than what is left of the call's {@code total}.
 *   <li>{@link #timeouts()}: {@code connect} (connecting) and {@code idle} (the silence allowed
 *       between stream events; never a blocking call's read); {@code total} is the call's.
 *   <li>{@link #replicasTried()}: the replicas the call's earlier attempts went to, so that a retry
 *       can prefer another one ({@link ReplicaSet} notes them through {@link #noteReplica}).
 * </ul>
 *
 * <pre>{@code
 * public Completion complete(ModelRequest request, Attempt attempt) {
 *     Call call = http.newCall(toHttp(request));
 *     call.timeout().timeout(attempt.timeout().toMillis(), TimeUnit.MILLISECONDS);
 *     attempt.onCancel(call::cancel);          // runs at once if the attempt is already cancelled
 *     try (Response r = call.execute()) { ... }
 * }
 * // outside the runtime (tests, tools): one attempt with a model's own deadlines
 * client.complete(request, Attempt.of(model.timeouts()));
 * }</pre>
 */
public final class Attempt {

    private final int number;
    private final Timeouts timeouts;
    private final Duration timeout;
    private final Set<String> replicasTried;   // of the call's earlier attempts
    private volatile String replica;           // where this attempt went, once a provider noted it
    private List<Runnable> hooks;          // guarded by this; null once cancelled
    private DuoException reason;           // guarded by this

    private Attempt(int number, Timeouts timeouts, Duration timeout, Attempt previous) {
        if (number < 1) {
            throw new IllegalArgumentException("attempt numbers start at 1, got " + number);
        }
        this.number = number;
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("an attempt's timeout must be positive, got " + timeout);
        }
        this.hooks = new ArrayList<>(2);     // the provider's HTTP call and the runtime's handle: no regrowth
        this.replicasTried = previous == null ? Set.of() : previous.triedWithThis();
    }

    /** A first attempt with these deadlines and the whole {@code attempt} budget (direct use, tests). */
    public static Attempt of(Timeouts timeouts) {
        return new Attempt(1, timeouts, timeouts.attempt(), null);
    }

    /**
     * An attempt as the runtime makes it.
     *
     * @param number 1 for the first attempt
     * @param timeouts the call's effective deadlines
     * @param timeout this attempt's budget (already capped by what is left of {@code timeouts.total})
     */
    public static Attempt of(int number, Timeouts timeouts, Duration timeout) {
        return new Attempt(number, timeouts, timeout, null);
    }

    /**
     * The attempt after {@code previous} of the same call: it knows which replicas the call has
     * tried ({@link #replicasTried()}).
     *
     * @param previous the call's previous attempt, or null for its first
     */
    public static Attempt of(int number, Timeouts timeouts, Duration timeout, Attempt previous) {
        return new Attempt(number, timeouts, timeout, previous);
    }

    /** 1 for the first attempt, 2 for the first retry ... */
    public int number() {
        return number;
    }

    /** The call's effective deadlines: read {@code connect} and {@code idle} here. */
    public Timeouts timeouts() {
        return timeouts;
    }

    /** This attempt's budget: a whole blocking attempt, or a stream's wait for its first byte. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The replicas (as {@link ReplicaSet} names them) that the call's earlier attempts went to; empty
     * for a first attempt or a model without replicas.
     */
    public Set<String> replicasTried() {
        return replicasTried;
    }

    /** Notes the replica this attempt goes to, so that the call's next attempt can prefer another. */
    public void noteReplica(String key) {
        this.replica = Objects.requireNonNull(key, "key");
    }

    private Set<String> triedWithThis() {
        String r = replica;
        if (r == null || replicasTried.contains(r)) {
            return replicasTried;
        }
        java.util.Set<String> all = new java.util.LinkedHashSet<>(replicasTried);
        all.add(r);
        return java.util.Collections.unmodifiableSet(all);
    }

    /**
     * Whether the attempt is over for the runtime: cancelled (by the caller, a deadline, an interrupt
     * or closing the client), or {@linkplain #end() ended} after its provider signalled a completion.
     */
    public synchronized boolean isCancelled() {
        return hooks == null;
    }

    /** Why the attempt was cancelled, once it was (empty for an attempt that {@linkplain #end() ended}). */
    public synchronized Optional<DuoException> cancelReason() {
        return Optional.ofNullable(reason);
    }

    /**
     * Runs {@code hook} once when the attempt is cancelled; at once, on this thread, if it already is.
     * A hook must be quick and must not throw (it aborts an HTTP call).
     */
    public void onCancel(Runnable hook) {
        Objects.requireNonNull(hook, "hook");
        synchronized (this) {
            if (hooks != null) {
                hooks.add(hook);
                return;
            }
        }
        hook.run();
    }

    /**
     * Cancels the attempt: runs the hooks registered so far. Idempotent; the first reason stays.
     *
     * @return true for the call that cancelled it
     */
    public boolean cancel(DuoException why) {
        List<Runnable> run;
        synchronized (this) {
            if (hooks == null) {
                return false;
            }
            run = hooks;
            hooks = null;
            reason = Objects.requireNonNull(why, "why");
        }
        for (Runnable r : run) {
            try {
                r.run();
            } catch (RuntimeException e) {
                // a hook that throws must not keep the others from aborting their work
                org.slf4j.LoggerFactory.getLogger(Attempt.class).warn("an attempt's cancel hook threw {}", e.toString());
            }
        }
        return true;
    }

    /**
     * Marks the attempt over because its provider signalled its completion: the hooks are dropped,
     * not run, so that nothing is aborted that the provider is still closing. (Cancelling the OkHttp
     * call of a stream that has just delivered its last event closes its socket, and every next
     * stream then pays for a new connection.) A later {@link #cancel} does nothing, and a hook
     * registered later runs at once, as after a cancel. The runtime calls this; providers don't.
     *
     * @return true for the call that ended it; false if it was already cancelled or ended
     */
    public boolean end() {
        synchronized (this) {
            if (hooks == null) {
                return false;
            }
            hooks = null;
        }
        return true;
    }

    @Override
    public String toString() {
        return "Attempt{" + number + ", timeout=" + timeout.toMillis() + "ms" + (isCancelled() ? ", cancelled" : "") + '}';
    }
}
