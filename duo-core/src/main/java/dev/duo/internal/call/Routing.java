package dev.duo.internal.call;

import dev.duo.CancelledException;
import dev.duo.DuoException;
import dev.duo.DuoTimeoutException;
import dev.duo.ErrorContext;
import dev.duo.call.CallContext;
import dev.duo.ModelNotFoundException;
import dev.duo.ProviderUnavailableException;
import dev.duo.RateLimitedException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * The routing rules of a call, written once: which failures move a call to the next model, when a
 * model is skipped before any attempt (its circuit is open, or a rate-limit pause and a fallback is
 * there), whether an attempt may start now ({@link #admit}), and the errors that say so.
 *
 * <p>A call falls back on a retryable failure that outlived the model's own retries (unavailable,
 * timeout, rate limit, a retryable invalid answer) and on {@link ModelNotFoundException}: a 404
 * says the deployment is gone (Fireworks retires models, a vLLM pod serves another one), which is
 * the model's state, not the request's, so another model may well serve the call. It does not fall
 * back on what would fail on every model or must be fixed by someone: invalid requests and inputs,
 * authentication (a wrong key is to be seen and fixed, not silently routed around), configuration,
 * a cancel, an error a test double threw.
 */
final class Routing {

    /** {@link #admit}'s "go, nothing held". */
    static final Object GO = new Object();

    private Routing() {
    }

    /** Whether a leg that ended with {@code e} lets the call move to the next model. */
    static boolean fallsBack(DuoException e) {
        if (e instanceof CancelledException || e instanceof ClientError) {
            return false;
        }
        return e.retryable() || e instanceof ModelNotFoundException;
    }

    /** Why the model of a leg about to start is skipped, or null: its circuit is open, or it is paused and not the last. */
    static DuoException skip(ModelGuard g, boolean last, DuoException previous, CallContext call, Instant now) {
        if (!last && g.gate.busy()) {
            return paused(g, g.gate.pausedUntil(), false, Failures.context(call), now);
        }
        if (!g.tryEnter()) {
            Instant retry = g.openUntil();
            String when = retry == null ? "once its probe calls have ended (half open)"
                    : "again at " + retry + " (in " + Math.max(0, Duration.between(now, retry).toSeconds()) + " s)";
            return new ProviderUnavailableException("model '" + g.model + "' is skipped: its circuit is open after "
                    + "too many failed calls, and it is tried " + when
                    + (previous == null ? "" : "; the call had failed before on another model: " + previous.getMessage())
                    + ". Add a fallback model (fallback_models) to serve the feature meanwhile, or tune its circuit_breaker",
                    previous, Failures.context(call));
        }
        return null;
    }

    /**
     * Whether an attempt of {@code l} may start now: {@link #GO} (it may, holding nothing), a
     * {@link Slot} (it may, and must release what it took), a future completed when it is worth
     * asking again, or the error that ends the leg.
     */
    static Object admit(Leg l, Instant now) {
        ModelGuard g = l.guard;
        if (g == null) {
            return GO;
        }
        if (l.waitingForSlot && !now.isBefore(l.deadline)) {
            // it waited for a slot until its deadline: say so, not merely that the deadline passed
            return bulkheadFull(g, l);
        }
        RateGate.Pass pass = g.gate.pass();
        if (pass == RateGate.Pass.BUSY) {
            Instant until = g.gate.pausedUntil();
            boolean past = until != null && !until.isBefore(l.deadline);
            if (!l.last || past || !now.isBefore(l.deadline)) {
                return paused(g, until, past || !now.isBefore(l.deadline), errorContext(l), now);
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            g.gate.await(f);
            return f;
        }
        boolean bulk = false;
        if (g.bulkhead != null) {
            if (!g.bulkhead.tryAcquire()) {
                if (pass == RateGate.Pass.PROBE) {
                    g.gate.probeEnded();
                }
                if (!now.isBefore(l.deadline)) {
                    return bulkheadFull(g, l);
                }
                l.waitingForSlot = true;
                CompletableFuture<Void> f = new CompletableFuture<>();
                g.bulkhead.await(f);
                return f;
            }
            bulk = true;
        }
        l.waitingForSlot = false;
        // The happy path holds nothing and allocates nothing.
        return pass == RateGate.Pass.PROBE || bulk ? new Slot(g, pass == RateGate.Pass.PROBE, bulk) : GO;
    }

    private static DuoTimeoutException bulkheadFull(ModelGuard g, Leg l) {
        return new DuoTimeoutException("model '" + g.model + "' had all " + g.maxConcurrent
                + " of its concurrent requests in use (max_concurrent_requests: " + g.maxConcurrent
                + ") until the call's deadline of " + l.timeouts.total().toMillis() + " ms passed: raise"
                + " max_concurrent_requests, add a fallback model, or send fewer calls at once", null, errorContext(l));
    }

    /** Whether a leg that failed with {@code e} should leave its model now rather than retry: it is paused and a fallback is there. */
    static boolean leaveNow(Leg l, DuoException e, Instant now) {
        if (l.last || l.guard == null || !(e instanceof RateLimitedException)) {
            return false;
        }
        Instant until = l.guard.gate.pausedUntil();
        return until != null && now.isBefore(until);
    }

    /** The runtime's own "this model is paused" (not the provider's answer, so it pauses nothing further). */
    static final class Paused extends RateLimitedException {
        private static final long serialVersionUID = 1L;

        Paused(String message, ErrorContext context) {
            super(message, null, context);
        }
    }

    static RateLimitedException paused(ModelGuard g, Instant until, boolean pastDeadline, ErrorContext ctx, Instant now) {
        String when = until == null ? "until a probe attempt in flight ends" : "until " + until;
        Duration wait = until == null ? null : Duration.between(now, until);
        return new Paused("model '" + g.model + "' is rate-limited: new attempts to it wait " + when
                + (pastDeadline ? ", past this call's deadline" : "") + ". Add a fallback model (fallback_models), or"
                + " ask the provider for a higher limit",
                ctx.toBuilder().retryAfter(wait == null || wait.isNegative() ? null : wait).build());
    }

    private static ErrorContext errorContext(Leg l) {
        return ErrorContext.builder().provider(l.context.model().platform()).model(l.context.model().name()).build();
    }

    /** What one admitted attempt holds of its model's guard; released once, with the attempt's outcome. */
    static final class Slot {
        private final ModelGuard guard;
        private final boolean probe;
        private final boolean bulk;
        private boolean released;       // guarded by this

        Slot(ModelGuard guard, boolean probe, boolean bulk) {
            this.guard = guard;
            this.probe = probe;
            this.bulk = bulk;
        }

        void release(DuoException failure) {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            if (failure instanceof RateLimitedException r && !(failure instanceof Paused)) {
                guard.rateLimited(r);       // the provider's rate limit, not our own pause
            } else if (probe) {
                guard.gate.probeEnded();
            }
            if (bulk) {
                guard.bulkhead.release();
            }
        }
    }
}
