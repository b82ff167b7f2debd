package dev.duo.internal.call;

import dev.duo.CancelledException;
import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.DuoTimeoutException;
import dev.duo.ErrorContext;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.model.Timeouts;
import dev.duo.call.CallContext;
import dev.duo.call.CallInterceptor;
import dev.duo.call.RoutingEvent;
import dev.duo.call.Scheduler;
import dev.duo.spi.Attempt;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One call, from start to its one terminal signal (in the spirit of OkHttp's {@code RealCall}). It
 * owns the deadline, the route (the feature's model, then its fallback models: one {@link Leg} per
 * model tried, {@link Routing} decides when to move on), each leg's attempt loop (the policy's
 * {@link RetrySchedule}; the waiting is ours, through the injected {@link Scheduler}), the cancel flag, and
 * the listener and log events at fixed points; {@link Edge} is its one guard at the caller's edge.
 * Users' {@link CallInterceptor}s wrap each leg's attempt loop, once per model tried.
 *
 * <p>Which thread does what depends on the kind of call only. {@link Kind#BLOCKING}: a plain loop
 * on the caller's thread, each attempt in {@link ModelClient#complete} with its HTTP deadline set to
 * {@link Attempt#timeout()} (the attempt's budget capped by what is left of {@code total}); a timer
 * cancels the attempt at that deadline too, and every wait (backoff, a rate-limit pause, a full
 * {@code max_concurrent_requests}) is {@link Scheduler#await}. {@link Kind#ASYNC} and
 * {@link Kind#STREAM}: each attempt is started on the thread that ends the previous one (the
 * caller's for the first, the scheduler's after a wait) through {@link ModelClient#completeAsync} or
 * {@link ModelClient#stream}, and results arrive on the HTTP client's threads. A stream whose caller
 * waits for its end ({@code FeatureClient.generate(inputs, onChunk)}) makes its first attempt through
 * {@link ModelClient#streamHere} instead (when the runtime has no interceptors, whose {@code proceed}
 * must return before the first chunk), so that a client can read it on the caller's thread (no
 * hand-off before the request is sent); the rest as any stream. At most one timer is
 * armed at a time: the attempt's deadline (or, once a stream has its first chunk, its idle check),
 * or a wait's end.
 *
 * <p>The whole call ends within the first model's {@code total}; a fallback model's own deadlines
 * apply inside what is left of it. A stream falls back only before its first chunk reached the
 * caller. Cancelling ({@link #cancel()}, an interrupt, {@code DuoClient.close()}) ends the call for
 * the caller at once with {@link CancelledException}, cancels the attempt in flight (which aborts its
 * HTTP call) and starts no other.
 */
final class RealCall implements StreamHandle {

    /** What kind of call: with whether its caller waits for a stream, decides the threads; nothing else does. */
    enum Kind { BLOCKING, ASYNC, STREAM }

    /** Stops the attempts without a terminal of their own (an interceptor failed after proceeding). */
    static final DuoException HALTED = new DuoException("halted", null, false, ErrorContext.NONE);
    /** A leg's end that the breaker does not count. */
    static final DuoException NOT_COUNTED = new CancelledException("not counted");

    final CallRuntime runtime;
    final Route route;
    private final Kind kind;
    private final Timeouts firstTimeouts;
    private final Instant start;
    private final Instant deadline;
    final Edge edge;
    /** The thread that waits for the call's end (blocking calls, waited-for streams), else null. */
    final Thread caller;
    private boolean hereUnused;   // a waited-for stream's first attempt is still to start; the caller's thread's alone
    private volatile DuoException stop;   // why the call was stopped; set once, through STOP
    private final AttemptLoop loop;
    private volatile Leg leg;
    private volatile int attempts;
    private volatile StreamHandle top;
    /**
     * The call's hash in the runtime's set of calls in flight: a random number, not the identity hash,
     * whose first use on each call is a call into the VM (equality stays identity).
     */
    private final int hash = java.util.concurrent.ThreadLocalRandom.current().nextInt();
    private static final VarHandle STOP = VarHandles.field(MethodHandles.lookup(), RealCall.class, "stop",
            DuoException.class);
    private static final VarHandle ENDED = VarHandles.field(MethodHandles.lookup(), LegEnd.class, "ended",
            boolean.class);

    RealCall(CallRuntime runtime, Route route, Kind kind, Timeouts timeouts, StreamListener target, boolean callerWaits) {
        this.runtime = runtime;
        this.route = route;
        this.kind = kind;
        this.firstTimeouts = timeouts;
        this.start = runtime.clock.instant();
        this.deadline = start.plus(timeouts.total());
        Route.Target first = route.targets.get(0);
        this.leg = new Leg(this, 0, first, route.first, timeouts, start, false,
                runtime.guards == null ? null : runtime.guards.of(first.context().model()));
        this.edge = new Edge(this, target);
        this.caller = kind == Kind.BLOCKING || callerWaits ? Thread.currentThread() : null;
        // Not with interceptors: their proceed() returns a handle at once, before any chunk, for a stream.
        this.hereUnused = callerWaits && kind == Kind.STREAM && runtime.interceptors.isEmpty();
        this.loop = new AttemptLoop(this, kind);
    }

    /** Starts the call on the caller's thread; a blocking call has ended when this returns (unless an interceptor went async). */
    void run() {
        runtime.track(this);
        edge.started();
        startLeg(0, null);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public void cancel() {
        end(new CancelledException("the call was cancelled", null, errorContext()));
    }

    @Override
    public boolean isDone() {
        return edge.delivered();
    }

    /** Ends the call for the caller now with {@code why} (cancel, interrupt, close), and stops its attempts. */
    void end(DuoException why) {
        if (!STOP.compareAndSet(this, null, why)) {
            return;
        }
        loop.stopWork(why);
        edge.error(why);
        StreamHandle h = top;
        if (h != null && h != this) {
            h.cancel();
        }
    }

    /**
     * Whether this stream's attempt about to start may run on this thread ({@link ModelClient#streamHere}):
     * only its first, and only on the waiting caller's own thread (never the scheduler's, after a wait).
     */
    boolean takeCallersThread() {
        if (Thread.currentThread() != caller || !hereUnused) {
            return false;
        }
        hereUnused = false;
        return true;
    }

    /** For the interrupt watch: the caller's thread of a blocking call or waited-for stream in flight, or null. */
    Thread blockedCaller() {
        return caller != null && !edge.terminated() ? caller : null;
    }

    // --- the route: one leg per model tried ---

    private void startLeg(int index, DuoException previous) {
        for (int i = index; ; i++) {
            if (stop != null) {
                edge.error(stop);
                return;
            }
            Route.Target t = route.targets.get(i);
            boolean last = i == route.size() - 1;
            // The first model is checked at the call's start (read microseconds ago): should a listener have
            // taken the whole deadline since, the attempt loop's own reading of the clock ends the call.
            Instant now = i == 0 ? start : runtime.clock.instant();
            if (!now.isBefore(deadline)) {
                edge.error(previous != null ? previous : deadlinePassed());
                return;
            }
            ModelGuard g = i == 0 ? leg.guard : runtime.guards == null ? null : runtime.guards.of(t.context().model());
            // the error context is made only for an error (a skipped model), not once per call
            DuoException skip = g == null ? null : Routing.skip(g, last, previous, t.context(), now);
            if (skip != null) {
                if (last) {
                    edge.error(skip);
                    return;
                }
                fellBack(t.context(), route.targets.get(i + 1).context(), skip);
                previous = skip;
                continue;
            }
            Leg l = i == 0 ? leg : null;
            try {
                if (l == null) {
                    ModelRequest r = Objects.requireNonNull(t.request().get(), "request");
                    Timeouts own = t.context().timeouts(r);
                    Duration left = Duration.between(now, deadline);
                    boolean cut = own.total().compareTo(left) > 0;
                    l = new Leg(this, i, t, r, cut ? own.withTotal(left) : own, now, cut, g);
                }
            } catch (DuoException | IllegalArgumentException e) {
                // the fallback's prompt did not render for these inputs, or its deadlines are wrong
                DuoException why = e instanceof DuoException d ? d
                        : dev.duo.ConfigurationException.of(dev.duo.ConfigurationException.Reason.INVALID_CONFIG,
                        "the deadlines of model '" + t.context().model().name() + "' are wrong: " + e.getMessage());
                if (g != null) {
                    g.leave(now, NOT_COUNTED);
                }
                if (previous != null) {
                    previous.addSuppressed(why);
                }
                edge.error(previous != null ? previous : why);
                return;
            }
            leg = l;
            StreamHandle h;
            try {
                h = new Link(this, l, 0, l.request).proceed(l.request, new LegEnd(l));
            } catch (RuntimeException e) {
                // only a null argument from an interceptor gets here
                edge.error(wrap(e, "a call interceptor"));
                h = this;
            }
            if (leg == l) {
                top = h;
                if (stop != null && h != this) {
                    h.cancel();
                }
            }
            return;
        }
    }

    private void fellBack(CallContext from, CallContext to, DuoException why) {
        CallLog.fallingBack(this, from.model().name(), to.model().name(), why);
        runtime.routed(new RoutingEvent(RoutingEvent.Kind.FALLBACK, from.model().name(), from.feature().orElse(null),
                to.model().name(), why, null, runtime.clock.instant()));
    }

    /** The end of one leg's interceptor chain: the call ends, or moves to the next model. */
    private final class LegEnd implements StreamListener {
        private final Leg l;
        private volatile boolean ended;

        LegEnd(Leg l) {
            this.l = l;
        }

        @Override
        public void onChunk(String text) {
            edge.onChunk(text);
        }

        @Override
        public void onComplete(Completion completion) {
            if (ENDED.compareAndSet(this, false, true)) {
                l.leave(runtime.clock, null);
                edge.onComplete(completion);
            }
        }

        @Override
        public void onError(DuoException error) {
            if (!ENDED.compareAndSet(this, false, true)) {
                return;
            }
            DuoException e = error != null ? error : new DuoException("the model client failed without an error");
            l.leave(runtime.clock, e);
            if (stop == null && !loop.chunkSent() && !edge.sawChunk() && !l.last && Routing.fallsBack(e)) {
                fellBack(l.context, route.targets.get(l.index + 1).context(), e);
                startLeg(l.index + 1, e);
            } else {
                edge.error(e);
            }
        }
    }

    /** The edge accepted the terminal signal: nothing of this call may stay armed, held or tracked. */
    void ended() {
        loop.disarm();
        loop.releaseSlot(NOT_COUNTED);
        leg.leave(runtime.clock, NOT_COUNTED);
        runtime.untrack(this);
    }

    /** Stops the attempts quietly: an interceptor threw after proceeding, and its error ends the call. */
    void halt() {
        if (STOP.compareAndSet(this, null, HALTED)) {
            loop.stopWork(HALTED);
        }
    }

    // --- helpers ---

    DuoException wrap(RuntimeException e, String who) {
        return Failures.wrap(e, who, errorContext());
    }

    DuoException unexpected(Throwable e) {
        return Failures.unexpected(e, errorContext());
    }

    DuoTimeoutException deadlinePassed() {
        Leg l = leg;
        boolean call = l.index == 0 || l.cutByCall;
        return new DuoTimeoutException((call ? "the call did not finish within its deadline of "
                + firstTimeouts.total().toMillis() : "model '" + l.context.model().name()
                + "' did not finish within its deadline of " + l.timeouts.total().toMillis())
                + " ms (timeouts.total)", null, errorContext());
    }

    boolean streaming() {
        return kind == Kind.STREAM;
    }

    int attempts() {
        return attempts;
    }

    /** Counts an attempt started (on whichever model). */
    void attempted() {
        attempts++;
    }

    /** Why the call was stopped (cancel, close, interrupt, a halting interceptor), or null while it runs. */
    DuoException stopped() {
        return stop;
    }

    /** The end of a leg's interceptor chain: its attempt loop (Link calls this). */
    StreamHandle attempts(Leg l, ModelRequest r, StreamListener out) {
        loop.start(l, r, out);
        return this;
    }

    AttemptLoop loop() {
        return loop;
    }

    /** The context of the model the call is on now (after a fallback, the fallback's). */
    CallContext context() {
        return leg.context;
    }

    /** The request of the model the call is on now, as rendered for it. */
    ModelRequest request() {
        return leg.request;
    }

    Leg leg() {
        return leg;
    }

    Duration elapsed() {
        return Duration.between(start, runtime.clock.instant());
    }

    ErrorContext errorContext() {
        return Failures.context(leg.context);
    }

    /** For log lines: feature, model and platform, never a secret. */
    String describe() {
        CallContext c = leg.context;
        return "feature=" + c.feature().orElse("-") + " model=" + c.model().name() + " platform=" + c.model().platform();
    }
}
