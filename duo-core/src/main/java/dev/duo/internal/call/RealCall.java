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
import dev.duo.spi.Redactor;
import dev.duo.call.Scheduler;
import dev.duo.spi.Attempt;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import io.github.resilience4j.retry.Retry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One call, from start to its one terminal signal (in the spirit of OkHttp's {@code RealCall}). It
 * owns the deadline, the attempt loop (resilience4j's retry policy; the waiting is ours, through the
 * injected {@link Scheduler}), the cancel flag, and the listener and log events at fixed points;
 * {@link Edge} is its one guard at the caller's edge. Users' {@link CallInterceptor}s wrap the whole
 * attempt loop, once per call.
 *
 * <p>Which thread does what depends on the kind of call only. {@link Kind#BLOCKING}: a plain loop
 * on the caller's thread, each attempt in {@link ModelClient#complete} with its HTTP deadline set to
 * {@link Attempt#timeout()} (the attempt's budget capped by what is left of {@code total}); a timer
 * cancels the attempt at that deadline too, and the wait between attempts is
 * {@link Scheduler#await}. {@link Kind#ASYNC} and {@link Kind#STREAM}: each attempt is started on the
 * thread that ends the previous one (the caller's for the first, the scheduler's after a backoff)
 * through {@link ModelClient#completeAsync} or {@link ModelClient#stream}, and results arrive on the
 * HTTP client's threads. At most one timer is armed at a time: the attempt's deadline (or, once a
 * stream has its first chunk, its idle check), or the backoff.
 *
 * <p>Cancelling ({@link #cancel()}, an interrupt, {@code DuoClient.close()}) ends the call for the
 * caller at once with {@link CancelledException}, cancels the attempt in flight (which aborts its
 * HTTP call) and starts no other.
 */
final class RealCall implements StreamHandle {

    /** What kind of call: decides the threads, nothing else does. */
    enum Kind { BLOCKING, ASYNC, STREAM }

    /** Stops the attempts without a terminal of their own (an interceptor failed after proceeding). */
    private static final DuoException HALTED = new DuoException("halted", null, false, ErrorContext.NONE);

    final CallRuntime runtime;
    final CallContext context;
    final ModelRequest request;
    private final ModelClient client;
    private final Kind kind;
    private final Timeouts timeouts;
    private final Instant start;
    private final Instant deadline;
    final Redactor redactor;
    final Edge edge;
    final Thread caller;
    private final Retry.AsyncContext<Object> retry;
    private final AtomicReference<DuoException> stop = new AtomicReference<>();
    private volatile int attempts;
    private volatile Attempt current;
    private volatile Scheduler.Task timer;
    private volatile CompletableFuture<Void> backoff;
    private volatile StreamHandle top;
    private volatile boolean chunkSent;
    private volatile Instant lastChunk;
    private ModelRequest sent;              // the request after the interceptors
    private StreamListener loopOut;         // where the attempt loop's signals go (the innermost interceptor's listener)

    RealCall(CallRuntime runtime, CallContext context, ModelClient client, ModelRequest request, Kind kind,
             Timeouts timeouts, StreamListener target) {
        this.runtime = runtime;
        this.context = context;
        this.client = client;
        this.request = request;
        this.kind = kind;
        this.timeouts = timeouts;
        this.start = runtime.clock.instant();
        this.deadline = start.plus(timeouts.total());
        this.redactor = runtime.redactor.withSecrets(context.secrets());
        this.edge = new Edge(this, target);
        this.caller = kind == Kind.BLOCKING ? Thread.currentThread() : null;
        this.retry = runtime.retry.asyncContext();
    }

    /** Starts the call on the caller's thread; a blocking call has ended when this returns (unless an interceptor went async). */
    void run() {
        runtime.track(this);
        edge.started();
        StreamHandle h;
        try {
            h = new Link(0, request).proceed(request, edge);
        } catch (RuntimeException e) {
            // only a null argument from an interceptor gets here
            edge.error(wrap(e, "a call interceptor"));
            h = this;
        }
        top = h;
        if (stop.get() != null && h != this) {
            h.cancel();
        }
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
        if (!stop.compareAndSet(null, why)) {
            return;
        }
        stopWork(why);
        edge.error(why);
        StreamHandle h = top;
        if (h != null && h != this) {
            h.cancel();
        }
    }

    /** For the interrupt watch: the caller's thread of a blocking call in flight, or null. */
    Thread blockedCaller() {
        return caller != null && !edge.terminated() ? caller : null;
    }

    // --- the attempt loop, the end of the interceptor chain ---

    private StreamHandle attempts(ModelRequest r, StreamListener out) {
        this.sent = r;
        this.loopOut = out;
        CallLog.request(this, r);
        if (kind == Kind.BLOCKING) {
            blockingLoop();
        } else {
            nextAttempt();
        }
        return this;
    }

    private void blockingLoop() {
        while (true) {
            if (caller.isInterrupted()) {
                end(new CancelledException("interrupted while waiting for the answer", null, errorContext()));
            }
            DuoException why = stop.get();
            if (why != null) {
                finish(null, why);
                return;
            }
            Attempt a = newAttempt();
            if (a == null) {
                return;
            }
            Completion c = null;
            DuoException failure = null;
            try {
                c = client.complete(sent, a);
            } catch (RuntimeException e) {
                failure = unexpected(e);
            } catch (Error e) {
                failure = new ClientError(e, errorContext());
            }
            disarm();
            if (c == null || failure != null) {
                // A cut attempt ends with the reason it was cut for, whatever the client threw.
                failure = a.cancelReason().orElse(failure != null ? failure
                        : new dev.duo.InvalidResponseException("the model client completed without a completion"));
            }
            if (stop.get() != null) {
                continue;
            }
            if (failure == null) {
                retry.onComplete();
                finish(c, null);
                return;
            }
            Duration wait = retryWait(failure, a);
            if (wait == null) {
                finish(null, failure);
                return;
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            backoff = done;
            arm(() -> done.complete(null), wait);
            if (stop.get() != null) {
                done.complete(null);
            }
            try {
                runtime.scheduler.await(done);
            } catch (InterruptedException e) {
                caller.interrupt();
            } finally {
                backoff = null;
            }
        }
    }

    private void nextAttempt() {
        DuoException why = stop.get();
        if (why != null) {
            finish(null, why);
            return;
        }
        Attempt a = newAttempt();
        if (a == null) {
            return;
        }
        AttemptSink sink = new AttemptSink(a);
        try {
            if (kind == Kind.STREAM) {
                StreamHandle h = Objects.requireNonNull(client.stream(sent, a, sink), "the model client returned no handle");
                a.onCancel(h::cancel);
            } else {
                CompletableFuture<Completion> f = Objects.requireNonNull(client.completeAsync(sent, a),
                        "the model client returned no future");
                f.whenComplete(sink::done);
            }
        } catch (RuntimeException e) {
            sink.onError(unexpected(e));
        } catch (Error e) {
            sink.onError(new ClientError(e, errorContext()));
        }
    }

    /** A new current attempt with its deadline armed, or null (and the call ended) when the deadline has passed. */
    private Attempt newAttempt() {
        Duration remaining = remaining();
        if (remaining.isNegative() || remaining.isZero()) {
            finish(null, deadlinePassed());
            return null;
        }
        boolean cut = remaining.compareTo(timeouts.attempt()) < 0;
        Duration budget = cut ? remaining : timeouts.attempt();
        Attempt a = Attempt.of(++attempts, timeouts, budget, current);   // current: the previous attempt (replicas tried)
        current = a;
        DuoException why = stop.get();
        if (why != null) {
            a.cancel(why);
        }
        String what = cut ? null : (kind == Kind.STREAM
                ? "the stream sent nothing within " + budget.toMillis() + " ms of the attempt's start (timeouts.attempt)"
                : "the attempt did not finish within " + budget.toMillis() + " ms (timeouts.attempt)");
        arm(() -> cut(a, what == null ? deadlinePassed() : new DuoTimeoutException(what, null, errorContext())), budget);
        return a;
    }

    /** A deadline ended the attempt: abort it, and (async kinds) go on as if it had failed so. */
    private void cut(Attempt a, DuoException why) {
        if (a.cancel(why) && kind != Kind.BLOCKING && a == current) {
            attemptEnded(a, null, why);
        }
    }

    /** An async or streamed attempt ended (once per attempt). */
    private void attemptEnded(Attempt a, Completion c, DuoException failure) {
        disarm();
        if (stop.get() != null) {
            finish(null, stop.get());
            return;
        }
        if (failure == null) {
            retry.onComplete();
            finish(c, null);
            return;
        }
        Duration wait = retryWait(failure, a);
        if (wait == null) {
            finish(null, failure);
            return;
        }
        arm(this::nextAttempt, wait);
    }

    /** The wait before the next attempt, or null when there is none (logged). */
    private Duration retryWait(DuoException e, Attempt a) {
        if (stop.get() != null) {
            return null;
        }
        if (chunkSent) {
            CallLog.notRetriedAfterChunks(this);
            return null;
        }
        long delay = retry.onError(e);
        if (delay < 0) {
            return null;
        }
        Duration wait = Duration.ofMillis(delay);
        int max = runtime.policy.maxAttempts();
        if (wait.compareTo(remaining()) >= 0) {
            if (stop.get() == null) {
                CallLog.notRetriedPastDeadline(this, a.number(), max, delay, e);
            }
            return null;
        }
        if (stop.get() != null) {
            return null;
        }
        CallLog.retrying(this, a.number(), max, delay, e);
        edge.retrying(e);
        return wait;
    }

    private void finish(Completion c, DuoException e) {
        DuoException why = stop.get();
        if (why == HALTED) {
            return;
        }
        if (c != null && why == null) {
            loopOut.onComplete(c);
        } else {
            loopOut.onError(why != null ? why : e);
        }
    }

    private void stopWork(DuoException why) {
        Scheduler.Task t = timer;
        if (t != null) {
            t.cancel();
        }
        CompletableFuture<Void> b = backoff;
        if (b != null) {
            b.complete(null);
        }
        Attempt a = current;
        if (a != null) {
            a.cancel(why);
        }
    }

    /** The edge accepted the terminal signal: nothing of this call may stay armed or tracked. */
    void ended() {
        Scheduler.Task t = timer;
        if (t != null) {
            t.cancel();
        }
        runtime.untrack(this);
    }

    private void arm(Runnable task, Duration delay) {
        Scheduler.Task old = timer;
        if (old != null) {
            old.cancel();
        }
        timer = runtime.scheduler.schedule(task, delay);
    }

    private void disarm() {
        Scheduler.Task t = timer;
        if (t != null) {
            t.cancel();
        }
    }

    // --- streams: first chunk, idle checks ---

    private void firstChunk(Attempt a) {
        arm(() -> checkIdle(a), min(timeouts.idle(), remaining()));
    }

    // One timer per stream, re-armed from the last chunk, rather than one per chunk.
    private void checkIdle(Attempt a) {
        if (a.isCancelled() || a != current) {
            return;
        }
        Instant now = runtime.clock.instant();
        if (!now.isBefore(deadline)) {
            cut(a, deadlinePassed());
            return;
        }
        Duration silent = Duration.between(lastChunk, now);
        if (silent.compareTo(timeouts.idle()) >= 0) {
            cut(a, new DuoTimeoutException("the stream sent nothing for " + timeouts.idle().toMillis()
                    + " ms (timeouts.idle)", null, errorContext()));
        } else {
            arm(() -> checkIdle(a), min(timeouts.idle().minus(silent), Duration.between(now, deadline)));
        }
    }

    /** The signals of one async or streamed attempt: the first terminal wins (a deadline's or the client's). */
    private final class AttemptSink implements StreamListener {
        private final Attempt attempt;
        private boolean gotChunk;     // only the client's thread touches it

        AttemptSink(Attempt attempt) {
            this.attempt = attempt;
        }

        @Override
        public void onChunk(String text) {
            if (attempt.isCancelled() || text == null || text.isEmpty()) {
                return;
            }
            lastChunk = runtime.clock.instant();
            chunkSent = true;
            if (!gotChunk) {
                gotChunk = true;
                firstChunk(attempt);
            }
            loopOut.onChunk(text);
        }

        @Override
        public void onComplete(Completion completion) {
            done(completion, null);
        }

        @Override
        public void onError(DuoException error) {
            done(null, error);
        }

        void done(Completion c, Throwable t) {
            DuoException failure = t == null ? null : unexpected(t);
            if (c == null && failure == null) {
                failure = new dev.duo.InvalidResponseException("the model client completed without a completion");
            }
            // cancel() with a reason of its own marks the attempt over: a late signal is dropped
            if (attempt.cancel(failure != null ? failure : ENDED)) {
                attemptEnded(attempt, c, failure);
            }
        }
    }

    /** Marks an attempt that ended normally (its hooks are dropped, nothing is aborted that matters). */
    private static final DuoException ENDED = new DuoException("the attempt ended", null, false, ErrorContext.NONE);

    // --- the interceptor chain ---

    /** One position in the users' interceptor list; the end of the list is the attempt loop. */
    private final class Link implements CallInterceptor.Chain {
        private final int index;
        private final ModelRequest at;
        private volatile boolean proceeded;

        Link(int index, ModelRequest at) {
            this.index = index;
            this.at = at;
        }

        @Override
        public CallContext context() {
            return context;
        }

        @Override
        public ModelRequest request() {
            return at;
        }

        @Override
        public boolean streaming() {
            return kind == Kind.STREAM;
        }

        @Override
        public StreamHandle proceed(ModelRequest next, StreamListener listener) {
            Objects.requireNonNull(next, "request");
            Objects.requireNonNull(listener, "listener");
            proceeded = true;
            List<CallInterceptor> list = runtime.interceptors;
            if (index == list.size()) {
                return attempts(next, listener);
            }
            CallInterceptor interceptor = list.get(index);
            Link rest = new Link(index + 1, next);
            try {
                StreamHandle h = interceptor.intercept(rest, listener);
                return h == null ? RealCall.this : h;
            } catch (RuntimeException e) {
                if (rest.proceeded) {
                    halt();
                }
                listener.onError(wrap(e, "the call interceptor " + interceptor.getClass().getName()));
                return RealCall.this;
            }
        }
    }

    /** Stops the attempts quietly: an interceptor threw after proceeding, and its error ends the call. */
    private void halt() {
        if (stop.compareAndSet(null, HALTED)) {
            stopWork(HALTED);
        }
    }

    // --- helpers ---

    private DuoException wrap(RuntimeException e, String who) {
        return e instanceof DuoException d ? d
                : new DuoException(who + " failed with " + e.getClass().getName(), e, false, errorContext());
    }

    private DuoException unexpected(Throwable e) {
        if (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof DuoException d) {
            return d;
        }
        if (e instanceof Error error) {
            return new ClientError(error, errorContext());
        }
        // The provider broke its contract; its message is not shown, as it could hold anything.
        return new DuoException("the model client failed unexpectedly with " + e.getClass().getName(),
                e, false, errorContext());
    }

    private DuoTimeoutException deadlinePassed() {
        return new DuoTimeoutException("the call did not finish within its deadline of " + timeouts.total().toMillis()
                + " ms (timeouts.total)", null, errorContext());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    boolean streaming() {
        return kind == Kind.STREAM;
    }

    int attempts() {
        return attempts;
    }

    Duration elapsed() {
        return Duration.between(start, runtime.clock.instant());
    }

    private Duration remaining() {
        return Duration.between(runtime.clock.instant(), deadline);
    }

    ErrorContext errorContext() {
        return ErrorContext.builder().provider(context.model().platform()).model(context.model().name()).build();
    }

    /** For log lines: feature, model and platform, never a secret. */
    String describe() {
        return "feature=" + context.feature().orElse("-") + " model=" + context.model().name()
                + " platform=" + context.model().platform();
    }
}
