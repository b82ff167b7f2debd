package dev.duo.internal.call;

import dev.duo.CancelledException;
import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.InvalidConfigException;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.model.Timeouts;
import dev.duo.call.CallContext;
import dev.duo.call.CallInterceptor;
import dev.duo.call.CallListener;
import dev.duo.spi.Redactor;
import dev.duo.call.RetryPolicy;
import dev.duo.call.Scheduler;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Makes the calls of one {@code DuoClient}: each {@link #execute}, {@link #executeAsync} or
 * {@link #stream} is one {@link RealCall}. Holds what calls share (users' interceptors and
 * listeners, the retry policy, clock and scheduler, request logging) and the calls in flight, so
 * that {@link #close()} cancels them and an interrupt of a thread blocked in {@link #execute}
 * reaches its HTTP call: HTTP clients on Java 17 threads do not notice interrupts while blocked in a
 * socket read, so a watch on the scheduler checks the callers of blocking calls in flight every
 * {@value #WATCH_MILLIS} ms. Thread-safe.
 *
 * <pre>{@code
 * CallRuntime runtime = CallRuntime.builder()
 *         .interceptors(userInterceptors).listeners(userListeners)
 *         .retryPolicy(RetryPolicy.DEFAULTS)
 *         .requestLogging(config.requestLogging())
 *         .build();                                  // system clock and scheduler
 * Completion c = runtime.execute(ctx, client, request);
 * StreamHandle h = runtime.stream(ctx, client, request, listener);
 * }</pre>
 */
public final class CallRuntime implements AutoCloseable {

    static final long WATCH_MILLIS = 100;
    /** Ticks the watch stays armed with no blocking call in flight (so a steady load does not re-arm it per call). */
    private static final int WATCH_LINGER_TICKS = 10;

    final List<CallInterceptor> interceptors;
    final List<CallListener> listeners;
    final RetryPolicy policy;
    final RetrySchedule retry;
    final Clock clock;
    final Scheduler scheduler;
    final boolean requestLogging;
    final Redactor redactor;
    /** The client's model health table; null when the runtime routes nothing (its builder's default). */
    final ModelGuards guards;
    private final Set<RealCall> inFlight = ConcurrentHashMap.newKeySet();
    private final Object watchLock = new Object();
    private boolean watchArmed;        // guarded by watchLock
    private int idleTicks;             // guarded by watchLock
    private volatile boolean closed;

    private CallRuntime(Builder b) {
        this.interceptors = List.copyOf(b.interceptors);
        this.listeners = List.copyOf(b.listeners);
        this.policy = b.retryPolicy;
        this.retry = RetrySchedule.of(b.retryPolicy);
        this.clock = b.clock;
        this.scheduler = b.scheduler;
        this.requestLogging = b.requestLogging;
        this.redactor = b.redactor;
        this.guards = b.routing == null ? null : new ModelGuards(b.routing, b.clock, b.scheduler, this::routed);
    }

    /** A builder with no interceptor or listener, default retries, system time and no request logging. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends the request and waits for the whole answer on this thread, retrying as the policy says,
     * within the deadline.
     *
     * @throws DuoException the error that ended the call ({@link CancelledException} if the thread is interrupted)
     */
    public Completion execute(CallContext ctx, ModelClient client, ModelRequest request) {
        return execute(Route.of(ctx, client, request));
    }

    /**
     * Sends the route's first request and waits for the whole answer on this thread, moving to the
     * route's next model when one fails (see {@link Route}), within the first model's deadline.
     *
     * @throws DuoException the error that ended the call
     */
    public Completion execute(Route route) {
        CallFuture f = new CallFuture(null);
        return waitFor(newCall(route, RealCall.Kind.BLOCKING, f, false), f);
    }

    /**
     * Streams along the route and waits for the end on this thread: {@code onChunk} gets each piece of
     * text as it arrives, never two at once, all before this returns; the first attempt is made through
     * {@link ModelClient#streamHere}, so that a client can read it on this thread. Falls back and
     * retries as {@link #stream} does (only before the first chunk); an exception or error {@code onChunk}
     * throws stops the call and is rethrown here as it was. With interceptors every attempt is an ordinary
     * stream's (an interceptor's {@code proceed} returns at once, as it does for {@code stream}).
     *
     * @throws DuoException the error that ended the call ({@link CancelledException} if the thread is interrupted)
     */
    public Completion streamAndWait(Route route, Consumer<String> onChunk) {
        Objects.requireNonNull(onChunk, "onChunk");
        CallFuture f = new CallFuture(onChunk);
        RealCall call = newCall(route, RealCall.Kind.STREAM, f, true);
        f.call = call;
        Completion c;
        try {
            c = waitFor(call, f);
        } catch (DuoException e) {
            if (f.chunkFailure != null) {
                throw rethrown(f.chunkFailure);
            }
            throw e;
        }
        if (f.chunkFailure != null) {
            throw rethrown(f.chunkFailure);    // a completion offered while the chunk that threw was being delivered
        }
        return c;
    }

    /** What {@code onChunk} threw, to throw as it was (a {@code Consumer} throws nothing checked). */
    private static RuntimeException rethrown(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return (RuntimeException) t;
    }

    /** Runs the call (null: it ended before it began) and waits on this thread for its end. */
    private Completion waitFor(RealCall call, CallFuture f) {
        if (call != null) {
            call.run();
            if (!f.isDone()) {
                // an interceptor went async, or (a stream) the answer is read on the client's threads
                try {
                    scheduler.await(f);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    call.end(new CancelledException("interrupted while waiting for the answer", null, call.errorContext()));
                }
            }
        }
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ClientError ce) {
                throw ce.error();
            }
            throw (DuoException) e.getCause();
        }
    }

    /**
     * Sends the request and returns at once; the future completes with the answer or fails with a
     * {@link DuoException}. Cancelling the future cancels the call (and its HTTP call).
     */
    public CompletableFuture<Completion> executeAsync(CallContext ctx, ModelClient client, ModelRequest request) {
        return executeAsync(Route.of(ctx, client, request));
    }

    /** {@link #executeAsync(CallContext, ModelClient, ModelRequest)} along a route of models. */
    public CompletableFuture<Completion> executeAsync(Route route) {
        CallFuture f = new CallFuture(null);
        RealCall call = newCall(route, RealCall.Kind.ASYNC, f, false);
        if (call != null) {
            f.call = call;
            call.run();
        }
        return f;
    }

    /**
     * Starts a streamed answer and returns at once: {@code listener} receives chunks, then exactly one
     * of {@code onComplete} / {@code onError}, never overlapping, also after cancel or a deadline.
     *
     * @throws NullPointerException when an argument is null (there is no listener to tell)
     */
    public StreamHandle stream(CallContext ctx, ModelClient client, ModelRequest request, StreamListener listener) {
        Objects.requireNonNull(listener, "listener");
        return stream(Route.of(ctx, client, request), listener);
    }

    /** {@link #stream(CallContext, ModelClient, ModelRequest, StreamListener)} along a route; it falls back only before its first chunk. */
    public StreamHandle stream(Route route, StreamListener listener) {
        Objects.requireNonNull(listener, "listener");
        RealCall call = newCall(route, RealCall.Kind.STREAM, listener, false);
        if (call == null) {
            return DONE;
        }
        call.run();
        return call;
    }

    /** Cancels every call in flight ({@link CancelledException}) and refuses new ones; idempotent. */
    @Override
    public void close() {
        closed = true;
        for (RealCall c : List.copyOf(inFlight)) {
            c.end(new CancelledException("the call was cancelled: its DuoClient was closed", null, c.errorContext()));
        }
    }

    /** Calls in flight now (tests, diagnostics). */
    public int inFlight() {
        return inFlight.size();
    }

    /** Where each model stands: circuit, rate-limit pause, requests in flight (models called so far). */
    public List<dev.duo.call.ModelStatus> modelStatuses() {
        return guards == null ? List.of() : guards.statuses();
    }

    /** Tells the listeners of a routing decision or a model's change of health. */
    void routed(dev.duo.call.RoutingEvent event) {
        for (CallListener l : listeners) {
            try {
                l.onRouting(event);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(CallRuntime.class).warn("The call listener {} threw {}; the call goes on",
                        l.getClass().getName(), e.getClass().getName(), e);
            }
        }
    }

    private RealCall newCall(Route route, RealCall.Kind kind, StreamListener target, boolean callerWaits) {
        Objects.requireNonNull(route, "route");
        CallContext ctx = route.targets.get(0).context();
        Timeouts timeouts;
        try {
            timeouts = ctx.timeouts(route.first);
        } catch (IllegalArgumentException e) {
            deliver(target, new InvalidConfigException("the call's deadlines are wrong: " + e.getMessage()));
            return null;
        }
        if (closed) {
            deliver(target, new DuoException("this DuoClient is closed: make calls through an open DuoClient",
                    null, false, dev.duo.ErrorContext.NONE));
            return null;
        }
        return new RealCall(this, route, kind, timeouts, target, callerWaits);
    }

    private static void deliver(StreamListener target, DuoException e) {
        try {
            target.onError(e);
        } catch (RuntimeException ignored) {
            // a caller's listener that throws from onError has nothing more to hear
        }
    }

    void track(RealCall call) {
        inFlight.add(call);
        if (call.caller != null) {
            synchronized (watchLock) {
                idleTicks = 0;
                if (!watchArmed) {
                    watchArmed = true;
                    scheduler.schedule(this::watch, Duration.ofMillis(WATCH_MILLIS));
                }
            }
        }
        if (closed) {
            call.end(new CancelledException("the call was cancelled: its DuoClient was closed", null, call.errorContext()));
        }
    }

    void untrack(RealCall call) {
        inFlight.remove(call);
    }

    // An interrupt of a caller blocked in a socket read is seen here, and cancels its call.
    private void watch() {
        boolean blocking = false;
        for (RealCall c : inFlight) {
            Thread t = c.blockedCaller();
            if (t != null) {
                blocking = true;
                if (t.isInterrupted()) {
                    c.end(new CancelledException("interrupted while waiting for the answer", null, c.errorContext()));
                }
            }
        }
        synchronized (watchLock) {
            idleTicks = blocking ? 0 : idleTicks + 1;
            if (idleTicks >= WATCH_LINGER_TICKS) {
                watchArmed = false;
                return;
            }
        }
        scheduler.schedule(this::watch, Duration.ofMillis(WATCH_MILLIS));
    }

    private static final StreamHandle DONE = new StreamHandle() {
        @Override
        public void cancel() {
        }

        @Override
        public boolean isDone() {
            return true;
        }
    };

    /**
     * A future fed by the call's terminal signal; cancelling it cancels the call. A waited-for
     * stream's chunks go to its {@code onChunk}; should that throw, the call is stopped and the
     * exception kept for the caller.
     */
    private static final class CallFuture extends CompletableFuture<Completion> implements StreamListener {
        volatile RealCall call;
        private final Consumer<String> onChunk;
        volatile Throwable chunkFailure;

        CallFuture(Consumer<String> onChunk) {
            this.onChunk = onChunk;
        }

        @Override
        public void onChunk(String text) {
            if (onChunk == null || chunkFailure != null) {
                return;
            }
            try {
                onChunk.accept(text);
            } catch (RuntimeException | Error e) {
                // an Error too (an assertion in a test's onChunk): past the call's edge it would leave it undelivered
                chunkFailure = e;
                RealCall c = call;
                c.end(new CancelledException("onChunk threw " + e.getClass().getName() + "; the stream was stopped", e,
                        c.errorContext()));
            }
        }

        @Override
        public void onComplete(Completion completion) {
            complete(completion);
        }

        @Override
        public void onError(DuoException error) {
            completeExceptionally(error);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean done = super.cancel(mayInterruptIfRunning);
            RealCall c = call;
            if (c != null) {
                c.cancel();
            }
            return done;
        }

        @Override
        public Completion get() throws InterruptedException, ExecutionException {
            try {
                return super.get();
            } catch (CancellationException e) {
                throw new ExecutionException(new CancelledException("the call was cancelled"));
            }
        }
    }

    /** Builds a {@link CallRuntime}. */
    public static final class Builder {
        private final List<CallInterceptor> interceptors = new ArrayList<>();
        private final List<CallListener> listeners = new ArrayList<>();
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULTS;
        private Clock clock = Clock.systemUTC();
        private Scheduler scheduler = Scheduler.system();
        private boolean requestLogging;
        private Redactor redactor = Redactor.PATTERNS_ONLY;
        private Boolean routing;

        private Builder() {
        }

        /**
         * Keeps a health table of the models called (circuit breakers, the shared rate-limit pause,
         * {@code max_concurrent_requests}). Off by default, so a runtime made for raw model calls
         * shares nothing between calls; {@code DuoClient} turns it on.
         *
         * @param testFake whether one test fake serves every model: then a breaker runs only where
         *     {@code circuit_breaker.enabled} is written true
         */
        public Builder routing(boolean testFake) {
            this.routing = testFake;
            return this;
        }

        /** Users' interceptors, outermost first. */
        public Builder interceptors(List<CallInterceptor> list) {
            for (CallInterceptor i : list) {                    // loops, not lambdas: every client is built at start-up
                interceptors.add(Objects.requireNonNull(i, "interceptor"));
            }
            return this;
        }

        /** Users' listeners, called in order. */
        public Builder listeners(List<CallListener> list) {
            for (CallListener l : list) {
                listeners.add(Objects.requireNonNull(l, "listener"));
            }
            return this;
        }

        /** The retry policy. */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
            return this;
        }

        /** The clock deadlines and latencies are measured on. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Where retry waits, deadlines and idle checks are scheduled, and blocking calls wait. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Log request and response bodies (redacted): {@code AIGW_LOGGING__ENABLE_REQUEST_LOGGING}. */
        public Builder requestLogging(boolean on) {
            this.requestLogging = on;
            return this;
        }

        /** Secrets known to every call (each call adds its context's own). */
        public Builder redactor(Redactor redactor) {
            this.redactor = Objects.requireNonNull(redactor, "redactor");
            return this;
        }

        /** Builds. */
        public CallRuntime build() {
            return new CallRuntime(this);
        }
    }
}
