package dev.duo.spi;

import dev.duo.CancelledException;
import dev.duo.DuoException;
import dev.duo.ErrorContext;
import dev.duo.ProviderUnavailableException;
import dev.duo.RateLimitedException;
import dev.duo.call.CallListener;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The replicas of one model (its {@code endpoints:} list: several servers of the same model, such as
 * vLLM pods), shared by a provider's client for that model: each attempt {@linkplain #acquire takes}
 * one replica and reports how it went, and the set spreads attempts over the healthy replicas.
 *
 * <ul>
 *   <li>Least in flight: an attempt goes to the healthy replica with the fewest attempts in flight;
 *       ties go round-robin.
 *   <li>A retry prefers another replica: replicas the call's earlier attempts went to
 *       ({@link Attempt#replicasTried()}) are taken only when no other healthy one is left.
 *   <li>Ejection and probes: each replica has a resilience4j circuit breaker ({@link ReplicaPolicy}) on
 *       the client's clock; an ejected replica gets no attempt for its cooldown, then the next attempt
 *       is its probe (one at a time), and a success re-admits it. Listeners hear
 *       {@link CallListener#onReplicaEjected} and {@link CallListener#onReplicaReadmitted}.
 *   <li>What counts against a replica: a retryable error other than a rate limit (5xx, a refused or
 *       dropped connection, a timeout, a truncated answer). A non-retryable one (400, 401, 404 ...)
 *       is the request's fault, so the replica answered well; a cancel or a 429 counts for nothing.
 *   <li>An attempt's outcome counts only in the replica state it began in: one that began before an
 *       ejection and ends during the probe does not decide the probe.
 *   <li>A set of one (a model with a single endpoint) has no breaker: its calls have nowhere else to go.
 * </ul>
 *
 * <pre>{@code
 * ReplicaSet replicas = ReplicaSet.of(ctx);                  // ctx.model().effectiveEndpoints()
 * ReplicaSet.Lease lease = replicas.acquire(attempt);        // throws ProviderUnavailableException if all are ejected
 * try {
 *     Completion c = send(lease.endpoint(), request);
 *     lease.succeeded();
 *     return c;
 * } catch (DuoException e) {
 *     lease.failed(e);
 *     throw e;
 * }
 * }</pre>
 */
public final class ReplicaSet {

    /** A replica's state as {@link #status()} reports it. */
    public enum Health {
        /** Takes calls. */
        HEALTHY,
        /** Gets no call until its cooldown has passed. */
        EJECTED,
        /** Its cooldown has passed and one probe call is (or is about to be) in flight. */
        PROBING
    }

    /**
     * One replica as it is now.
     *
     * @param index its position in {@code endpoints:}
     * @param endpoint its URL, as it may be printed
     * @param health healthy, ejected or probing
     * @param inFlight attempts in flight to it
     * @param probeAfter while ejected: when it may get a probe
     */
    public record Status(int index, String endpoint, Health health, int inFlight, Optional<Instant> probeAfter) {
    }

    private final String model;
    private final List<Replica> replicas;
    private final Clock clock;
    private final AtomicInteger next = new AtomicInteger();

    private ReplicaSet(String model, List<URI> endpoints, ReplicaPolicy policy, Clock clock, List<CallListener> listeners) {
        this.model = Objects.requireNonNull(model, "model");
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("model '" + model + "' has no endpoint to spread its calls over");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        List<Replica> list = new ArrayList<>(endpoints.size());
        for (int i = 0; i < endpoints.size(); i++) {
            list.add(new Replica(i, endpoints.get(i), model, policy, clock, List.copyOf(listeners), endpoints.size() > 1));
        }
        this.replicas = List.copyOf(list);
    }

    /** The replicas of the context's model ({@code SelfHostedModel.effectiveEndpoints()}), with the default policy. */
    public static ReplicaSet of(ProviderContext ctx) {
        return of(ctx, ReplicaPolicy.DEFAULTS);
    }

    /** The same with this policy. */
    public static ReplicaSet of(ProviderContext ctx, ReplicaPolicy policy) {
        return of(ctx.model().name(), ctx.model().effectiveEndpoints(), policy, ctx.clock(), ctx.listeners());
    }

    /**
     * A set over these endpoints (already checked by the provider's endpoint policy).
     *
     * @param model the model's name, for messages and events
     * @param clock cooldowns are measured on it (the client's, virtual in tests)
     * @param listeners told of ejections and re-admissions
     */
    public static ReplicaSet of(String model, List<URI> endpoints, ReplicaPolicy policy, Clock clock,
                                List<CallListener> listeners) {
        return new ReplicaSet(model, List.copyOf(endpoints), Objects.requireNonNull(policy, "policy"), clock, listeners);
    }

    /** How many replicas. */
    public int size() {
        return replicas.size();
    }

    /** The replicas' URLs, in the configured order. */
    public List<URI> endpoints() {
        return replicas.stream().map(r -> r.endpoint).toList();
    }

    /** Each replica's state now (for {@code duo verify}, health checks, tests). */
    public List<Status> status() {
        return replicas.stream().map(r -> new Status(r.index, r.shown, r.health(), r.inFlight.get(),
                Optional.ofNullable(r.health() == Health.EJECTED ? r.probeAfter() : null))).toList();
    }

    /**
     * Picks the replica for this attempt and counts it in flight there; the attempt must end its
     * lease exactly once ({@link Lease#succeeded}, {@link Lease#failed} or {@link Lease#released}).
     *
     * @throws ProviderUnavailableException (retryable, with the wait until the next probe as its
     *     retry-after) when every replica is ejected
     */
    public Lease acquire(Attempt attempt) {
        Objects.requireNonNull(attempt, "attempt");
        int n = replicas.size();
        if (n == 1) {
            return lease(replicas.get(0), attempt, false);
        }
        Set<String> tried = attempt.replicasTried();
        int start = Math.floorMod(next.getAndIncrement(), n);
        Instant now = clock.instant();
        // An ejected replica whose cooldown has passed takes this attempt as its probe (the breaker
        // grants one at a time), unless this call already failed there.
        for (int i = 0; i < n; i++) {
            Replica r = replicas.get((start + i) % n);
            if (probeDue(r, now) && !tried.contains(r.key) && r.breaker.tryAcquirePermission()) {
                return lease(r, attempt, true);
            }
        }
        for (int round = 0; round < n; round++) {
            Replica best = leastInFlight(start, tried);
            if (best == null) {
                best = leastInFlight(start, Set.of());
            }
            if (best == null) {
                break;
            }
            if (best.breaker.tryAcquirePermission()) {
                return lease(best, attempt, false);
            }
            // it was ejected between the look and the take: look again
        }
        for (int i = 0; i < n; i++) {
            Replica r = replicas.get((start + i) % n);
            if (probeDue(r, now) && r.breaker.tryAcquirePermission()) {
                return lease(r, attempt, true);
            }
        }
        throw allEjected();
    }

    // Asking an ejected breaker for a permit in its cooldown only counts a refusal (and makes an
    // event object): skip it until the cooldown is over; the breaker still has the last word.
    private static boolean probeDue(Replica r, Instant now) {
        Health h = r.health();
        if (h == Health.PROBING) {
            return true;
        }
        Instant after = r.probeAfter();
        return h == Health.EJECTED && (after == null || now.isAfter(after));
    }

    private Replica leastInFlight(int start, Set<String> avoid) {
        Replica best = null;
        int n = replicas.size();
        for (int i = 0; i < n; i++) {
            Replica r = replicas.get((start + i) % n);
            if (r.health() == Health.HEALTHY && !avoid.contains(r.key)
                    && (best == null || r.inFlight.get() < best.inFlight.get())) {
                best = r;
            }
        }
        return best;
    }

    private Lease lease(Replica r, Attempt attempt, boolean probe) {
        r.inFlight.incrementAndGet();
        attempt.noteReplica(r.key);
        return new Lease(r, attempt, probe, r.generation());   // read after the permit: taking it may have changed the state
    }

    private ProviderUnavailableException allEjected() {
        Instant now = clock.instant();
        Instant soonest = null;
        for (Replica r : replicas) {
            Instant p = r.probeAfter();
            if (p != null && (soonest == null || p.isBefore(soonest))) {
                soonest = p;
            }
        }
        Duration wait = soonest == null || !soonest.isAfter(now) ? Duration.ZERO : Duration.between(now, soonest);
        return new ProviderUnavailableException("every replica of model '" + model + "' is ejected ("
                + replicas.stream().map(r -> r.shown).toList() + "); the next may be probed in " + wait.toMillis()
                + " ms: check that the servers are running", null,
                ErrorContext.builder().model(model).retryAfter(wait.isZero() ? null : wait).build());
    }

    /** Whether an error counts against the replica that answered it (see the class comment). */
    static boolean countsAgainst(DuoException e) {
        return e.retryable() && !(e instanceof RateLimitedException) && !(e instanceof CancelledException);
    }

    /** Whether nothing listened at the replica's address (connection refused, no route, unknown host). */
    static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "ReplicaSet{model=" + model + ", " + status() + '}';
    }

    /** One attempt's hold on a replica: ended exactly once (later ends are ignored). */
    public static final class Lease {
        private final Replica replica;
        private final Attempt attempt;
        private final boolean probe;
        private final int generation;
        private final AtomicBoolean ended = new AtomicBoolean();

        private Lease(Replica replica, Attempt attempt, boolean probe, int generation) {
            this.replica = replica;
            this.attempt = attempt;
            this.probe = probe;
            this.generation = generation;
        }

        /** Ends the lease; true when its verdict still counts (the replica's state is the one it began in). */
        private boolean end() {
            if (!ended.compareAndSet(false, true)) {
                return false;
            }
            replica.inFlight.decrementAndGet();
            return replica.generation() == generation;
        }

        /** The replica's URL (the base the provider resolves its paths against). */
        public URI endpoint() {
            return replica.endpoint;
        }

        /** The replica's position in {@code endpoints:}. */
        public int index() {
            return replica.index;
        }

        /** Whether this attempt is the probe of an ejected replica. */
        public boolean probe() {
            return probe;
        }

        /** The replica answered (whatever the answer said). */
        public void succeeded() {
            if (end()) {
                replica.recordSuccess();
            }
        }

        /**
         * The attempt failed with {@code error}: counted against the replica or not as the class
         * comment says; a cancelled attempt is judged by why it was cancelled (a deadline counts, the
         * caller's cancel does not).
         */
        public void failed(Throwable error) {
            if (!end()) {
                return;
            }
            Throwable e = attempt.isCancelled() ? attempt.cancelReason().map(Throwable.class::cast).orElse(error) : error;
            if (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
                e = e.getCause();
            }
            if (!(e instanceof DuoException d)) {
                replica.release();
                return;
            }
            if (countsAgainst(d)) {
                replica.recordFailure(d, refused(d));
            } else if (d instanceof CancelledException || d instanceof RateLimitedException) {
                replica.release();
            } else {
                replica.recordSuccess();
            }
        }

        /** The attempt ended without a verdict on the replica (it never sent its request). */
        public void released() {
            if (end()) {
                replica.release();
            }
        }

        @Override
        public String toString() {
            return "Lease{" + replica.shown + (probe ? ", probe" : "") + '}';
        }
    }
}
