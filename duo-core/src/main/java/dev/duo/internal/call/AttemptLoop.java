package dev.duo.internal.call;

import dev.duo.CancelledException;
import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.DuoTimeoutException;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.model.Timeouts;
import dev.duo.call.Scheduler;
import dev.duo.spi.Attempt;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The attempt loop of one call, leg by leg: each attempt is admitted by {@link Routing#admit} (a
 * rate-limit pause, {@code max_concurrent_requests}), sent with its deadline armed, and retried as
 * the leg's {@code RetrySchedule} says, every wait through the injected {@link Scheduler}. A blocking
 * call runs it on the caller's thread; async and streamed calls from the thread that ended the
 * previous step. At most one timer is armed at a time. The end of a leg goes to the innermost
 * interceptor's listener ({@link Leg#loopOut}).
 */
final class AttemptLoop {

    /** What {@link #admit} returns when admission itself ended the leg. */
    private static final Object ENDED_LEG = new Object();

    private final RealCall call;
    private final RealCall.Kind kind;
    private volatile Attempt current;
    private volatile Routing.Slot slot;
    private volatile Scheduler.Task timer;
    private volatile CompletableFuture<Void> waiting;
    private volatile boolean chunkSent;
    private volatile Instant lastChunk;

    AttemptLoop(RealCall call, RealCall.Kind kind) {
        this.call = call;
        this.kind = kind;
    }

    /** Whether a chunk of this call went past the attempt loop (the loop then never replays the stream). */
    boolean chunkSent() {
        return chunkSent;
    }

    void start(Leg l, ModelRequest r, StreamListener out) {
        l.sent = r;
        l.loopOut = out;
        CallLog.request(call, r);
        if (kind == RealCall.Kind.BLOCKING) {
            blockingLoop(l);
        } else {
            nextAttempt();
        }
    }

    private void blockingLoop(Leg l) {
        while (true) {
            if (call.caller.isInterrupted()) {
                call.end(new CancelledException("interrupted while waiting for the answer", null, call.errorContext()));
            }
            DuoException why = call.stopped();
            if (why != null) {
                finish(l, null, why);
                return;
            }
            Instant now = call.runtime.clock.instant();   // one read for the admission and the attempt's deadline
            Object admitted = admit(l, now);
            if (admitted == ENDED_LEG) {
                return;
            }
            if (admitted instanceof CompletableFuture<?> f) {
                await(f);
                continue;
            }
            Attempt a = newAttempt(l, now);
            if (a == null) {
                return;
            }
            Completion c = null;
            DuoException failure = null;
            try {
                c = l.client.complete(l.sent, a);
            } catch (RuntimeException e) {
                failure = call.unexpected(e);
            } catch (Error e) {
                failure = new ClientError(e, call.errorContext());
            }
            disarm();
            if (c == null || failure != null) {
                // A cut attempt ends with the reason it was cut for, whatever the client threw.
                failure = a.cancelReason().orElse(failure != null ? failure
                        : new dev.duo.InvalidResponseException("the model client completed without a completion"));
            }
            releaseSlot(failure);
            if (call.stopped() != null) {
                continue;
            }
            if (failure == null) {
                finish(l, c, null);
                return;
            }
            Duration wait = retryWait(l, failure, a);
            if (wait == null) {
                finish(l, null, failure);
                return;
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            arm(() -> done.complete(null), wait);
            await(done);
        }
    }

    /** Waits on the caller's thread (blocking calls) until {@code f} is done, a cancel or the deadline. */
    private void await(CompletableFuture<?> f) {
        CompletableFuture<?> w = f;
        waiting = (CompletableFuture<Void>) w;
        if (call.stopped() != null) {
            f.complete(null);
        }
        try {
            call.runtime.scheduler.await(f);
        } catch (InterruptedException e) {
            call.caller.interrupt();
        } finally {
            waiting = null;
        }
    }

    private void nextAttempt() {
        Leg l = call.leg();
        DuoException why = call.stopped();
        if (why != null) {
            finish(l, null, why);
            return;
        }
        Instant now = call.runtime.clock.instant();   // one read for the admission and the attempt's deadline
        Object admitted = admit(l, now);
        if (admitted == ENDED_LEG) {
            return;
        }
        if (admitted instanceof CompletableFuture<?> f) {
            waiting = (CompletableFuture<Void>) f;
            f.thenRun(() -> call.runtime.scheduler.schedule(this::nextAttempt, Duration.ZERO));
            if (call.stopped() != null) {
                f.complete(null);
            }
            return;
        }
        Attempt a = newAttempt(l, now);
        if (a == null) {
            return;
        }
        AttemptSink sink = new AttemptSink(call, a);
        try {
            if (kind == RealCall.Kind.STREAM) {
                StreamHandle h = Objects.requireNonNull(call.takeCallersThread() ? l.client.streamHere(l.sent, a, sink)
                        : l.client.stream(l.sent, a, sink), "the model client returned no handle");
                a.onCancel(new CancelsHandle(h));
            } else {
                CompletableFuture<Completion> f = Objects.requireNonNull(l.client.completeAsync(l.sent, a),
                        "the model client returned no future");
                f.whenComplete(sink::done);
            }
        } catch (RuntimeException e) {
            sink.onError(call.unexpected(e));
        } catch (Error e) {
            sink.onError(new ClientError(e, call.errorContext()));
        }
    }

    /** Null when an attempt may start (its slot held), a future to wait on (its deadline armed), or ENDED_LEG. */
    private Object admit(Leg l, Instant now) {
        Object verdict = Routing.admit(l, now);
        if (verdict == Routing.GO || verdict instanceof Routing.Slot) {
            slot = verdict == Routing.GO ? null : (Routing.Slot) verdict;
            return null;
        }
        if (verdict instanceof DuoException e) {
            finish(l, null, e);
            return ENDED_LEG;
        }
        CompletableFuture<?> f = (CompletableFuture<?>) verdict;
        arm(() -> f.complete(null), Duration.between(now, l.deadline));
        return f;
    }

    /** The attempt ended: give back what it held, and let a rate limit pause its model for the whole client. */
    void releaseSlot(DuoException failure) {
        Routing.Slot s = slot;
        if (s != null) {
            slot = null;
            s.release(failure);
        } else if (failure instanceof dev.duo.RateLimitedException r && !(r instanceof Routing.Paused)) {
            ModelGuard g = call.leg().guard;
            if (g != null) {
                g.rateLimited(r);
            }
        }
    }

    /** A new current attempt with its deadline armed, or null (and the leg ended) when the deadline has passed. */
    private Attempt newAttempt(Leg l, Instant now) {
        Duration remaining = Duration.between(now, l.deadline);
        if (remaining.isNegative() || remaining.isZero()) {
            releaseSlot(null);
            finish(l, null, call.deadlinePassed());
            return null;
        }
        Timeouts timeouts = l.timeouts;
        boolean cut = remaining.compareTo(timeouts.attempt()) < 0;
        Duration budget = cut ? remaining : timeouts.attempt();
        l.attempts++;
        call.attempted();
        // the previous attempt on this model (replicas tried), none for a leg's first on a fallback model
        Attempt a = Attempt.of(l.attempts, timeouts, budget, l.attempts == 1 ? null : current);
        current = a;
        DuoException why = call.stopped();
        if (why != null) {
            a.cancel(why);
        }
        arm(new AttemptDeadline(a, cut, budget), budget);
        return a;
    }

    // Classes, not lambdas: a stream's path runs once per stream, so it stays C1's code for thousands of
    // them, and C1 makes each capturing lambda through a method handle and a call into the VM.

    /** Cuts an attempt at its deadline; the message is made only if the deadline comes (a string per attempt otherwise). */
    private final class AttemptDeadline implements Runnable {
        private final Attempt a;
        private final boolean cutByCall;
        private final Duration budget;

        AttemptDeadline(Attempt a, boolean cutByCall, Duration budget) {
            this.a = a;
            this.cutByCall = cutByCall;
            this.budget = budget;
        }

        @Override
        public void run() {
            cut(a, cutByCall ? call.deadlinePassed() : new DuoTimeoutException(attemptTimedOut(budget), null,
                    call.errorContext()));
        }
    }

    /** A stream's idle check, for one attempt. */
    private final class IdleCheck implements Runnable {
        private final Attempt a;

        IdleCheck(Attempt a) {
            this.a = a;
        }

        @Override
        public void run() {
            checkIdle(a);
        }
    }

    /** Cancels a provider's stream when its attempt is cancelled. */
    private static final class CancelsHandle implements Runnable {
        private final StreamHandle handle;

        CancelsHandle(StreamHandle handle) {
            this.handle = handle;
        }

        @Override
        public void run() {
            handle.cancel();
        }
    }

    private String attemptTimedOut(Duration budget) {
        return kind == RealCall.Kind.STREAM
                ? "the stream sent nothing within " + budget.toMillis() + " ms of the attempt's start (timeouts.attempt)"
                : "the attempt did not finish within " + budget.toMillis() + " ms (timeouts.attempt)";
    }

    /** A deadline ended the attempt: abort it, and (async kinds) go on as if it had failed so. */
    void cut(Attempt a, DuoException why) {
        if (a.cancel(why) && kind != RealCall.Kind.BLOCKING && a == current) {
            attemptEnded(a, null, why);
        }
    }

    /** An async or streamed attempt ended (once per attempt). */
    void attemptEnded(Attempt a, Completion c, DuoException failure) {
        disarm();
        releaseSlot(failure);
        Leg l = call.leg();
        if (call.stopped() != null) {
            finish(l, null, call.stopped());
            return;
        }
        if (failure == null) {
            finish(l, c, null);
            return;
        }
        Duration wait = retryWait(l, failure, a);
        if (wait == null) {
            finish(l, null, failure);
            return;
        }
        arm(this::nextAttempt, wait);
    }

    /** The wait before the next attempt, or null when there is none (logged). */
    private Duration retryWait(Leg l, DuoException e, Attempt a) {
        if (call.stopped() != null) {
            return null;
        }
        if (chunkSent) {
            CallLog.notRetriedAfterChunks(call);
            return null;
        }
        if (Routing.leaveNow(l, e, call.runtime.clock.instant())) {
            return null;        // the model is paused for the whole client: the fallback serves this call now
        }
        long delay = l.retry.onError(e);
        if (delay < 0) {
            return null;
        }
        Duration wait = Duration.ofMillis(delay);
        int max = call.runtime.policy.maxAttempts();
        if (wait.compareTo(Duration.between(call.runtime.clock.instant(), l.deadline)) >= 0) {
            if (call.stopped() == null) {
                CallLog.notRetriedPastDeadline(call, a.number(), max, delay, e);
            }
            return null;
        }
        if (call.stopped() != null) {
            return null;
        }
        CallLog.retrying(call, a.number(), max, delay, e);
        call.edge.retrying(e);
        return wait;
    }

    private void finish(Leg l, Completion c, DuoException e) {
        DuoException why = call.stopped();
        if (why == RealCall.HALTED) {
            return;
        }
        if (c != null && why == null) {
            l.loopOut.onComplete(c);
        } else {
            l.loopOut.onError(why != null ? why : e);
        }
    }

    void stopWork(DuoException why) {
        Scheduler.Task t = timer;
        if (t != null) {
            t.cancel();
        }
        CompletableFuture<Void> w = waiting;
        if (w != null) {
            w.complete(null);
        }
        Attempt a = current;
        if (a != null) {
            a.cancel(why);
        }
    }

    private void arm(Runnable task, Duration delay) {
        Scheduler.Task old = timer;
        if (old != null) {
            old.cancel();
        }
        timer = call.runtime.scheduler.schedule(task, delay);
    }

    void disarm() {
        Scheduler.Task t = timer;
        if (t != null) {
            t.cancel();
        }
    }

    // --- streams: first chunk, idle checks (AttemptSink calls these) ---

    void chunk(Attempt a, boolean first, String text) {
        Instant now = call.runtime.clock.instant();
        lastChunk = now;
        chunkSent = true;
        if (first) {
            Leg l = call.leg();
            arm(new IdleCheck(a), min(l.timeouts.idle(), Duration.between(now, l.deadline)));
        }
        call.leg().loopOut.onChunk(text);
    }

    // One timer per stream, re-armed from the last chunk, rather than one per chunk.
    private void checkIdle(Attempt a) {
        if (a.isCancelled() || a != current) {
            return;
        }
        Leg l = call.leg();
        Instant now = call.runtime.clock.instant();
        if (!now.isBefore(l.deadline)) {
            cut(a, call.deadlinePassed());
            return;
        }
        Duration idle = l.timeouts.idle();
        Duration silent = Duration.between(lastChunk, now);
        if (silent.compareTo(idle) >= 0) {
            cut(a, new DuoTimeoutException("the stream sent nothing for " + idle.toMillis()
                    + " ms (timeouts.idle)", null, call.errorContext()));
        } else {
            arm(new IdleCheck(a), min(idle.minus(silent), Duration.between(now, l.deadline)));
        }
    }


    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
