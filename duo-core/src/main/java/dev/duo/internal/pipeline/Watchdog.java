package dev.duo.internal.pipeline;

import dev.duo.CancelledException;
import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.DuoTimeoutException;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.pipeline.CallInterceptor;
import dev.duo.pipeline.Scheduler;
import java.time.Duration;
import java.time.Instant;

/**
 * Enforces a deadline in the pipeline itself, not trusting the provider: when it passes, the
 * stage ends the call with a {@link DuoTimeoutException} and cancels what it started. Used twice:
 * once around the whole call (the overall deadline) and once around each attempt (the attempt
 * deadline, cut short by what remains of the overall one, plus the stream idle timeout).
 */
final class Watchdog implements CallInterceptor {

    private final CallState state;
    private final boolean perAttempt;

    private Watchdog(CallState state, boolean perAttempt) {
        this.state = state;
        this.perAttempt = perAttempt;
    }

    /** The overall deadline of the call. */
    static Watchdog overall(CallState state) {
        return new Watchdog(state, false);
    }

    /** The deadline of each attempt and, for streams, the idle timeout. */
    static Watchdog perAttempt(CallState state) {
        return new Watchdog(state, true);
    }

    @Override
    public StreamHandle intercept(Chain chain, StreamListener listener) {
        return new Run(chain, listener).start();
    }

    private final class Run implements StreamHandle, StreamListener {
        private final CallInterceptor.Chain chain;
        private final SerialListener out;
        private final HandleRef inner = new HandleRef();
        private volatile Scheduler.Task limitTask;
        private volatile Scheduler.Task idleTask;
        private volatile Instant lastActivity;

        Run(CallInterceptor.Chain chain, StreamListener listener) {
            this.chain = chain;
            this.out = new SerialListener(listener);
        }

        StreamHandle start() {
            Duration limit;
            String what;
            if (perAttempt) {
                Duration remaining = state.remaining();
                boolean cut = remaining.compareTo(state.timeouts.attempt()) < 0;
                limit = cut ? remaining : state.timeouts.attempt();
                what = cut ? "the attempt was cut short by the call's deadline of " + state.timeouts.total().toMillis() + " ms"
                        : "the attempt did not finish within " + limit.toMillis() + " ms (timeouts.attempt)";
            } else {
                limit = state.timeouts.total();
                what = "the call did not finish within its deadline of " + limit.toMillis()
                        + " ms (timeouts.total or the prompt's params.timeout)";
            }
            if (limit.isNegative() || limit.isZero()) {
                out.tryError(new DuoTimeoutException(what, null, state.errorContext()));
                return this;
            }
            limitTask = state.scheduler.schedule(() -> timeOut(what), limit);
            if (perAttempt && state.streaming) {
                lastActivity = state.clock.instant();
                scheduleIdle(state.timeouts.idle());
            }
            inner.set(chain.proceed(chain.request(), this));
            return this;
        }

        private void scheduleIdle(Duration delay) {
            idleTask = state.scheduler.schedule(this::checkIdle, delay);
        }

        // One timer per stream, re-armed from the last chunk, rather than one per chunk.
        private void checkIdle() {
            if (out.terminated()) {
                return;
            }
            Duration silent = Duration.between(lastActivity, state.clock.instant());
            Duration idle = state.timeouts.idle();
            if (silent.compareTo(idle) >= 0) {
                timeOut("the stream sent nothing for " + idle.toMillis() + " ms (timeouts.idle)");
            } else {
                scheduleIdle(idle.minus(silent));
            }
        }

        private void timeOut(String what) {
            if (out.tryError(new DuoTimeoutException(what, null, state.errorContext()))) {
                stopTimers();
                inner.cancel();
            }
        }

        private void stopTimers() {
            Scheduler.Task t = limitTask;
            if (t != null) t.cancel();
            Scheduler.Task i = idleTask;
            if (i != null) i.cancel();
        }

        @Override
        public void onChunk(String text) {
            lastActivity = state.clock.instant();
            out.onChunk(text);
        }

        @Override
        public void onComplete(Completion completion) {
            stopTimers();
            out.onComplete(completion);
        }

        @Override
        public void onError(DuoException error) {
            stopTimers();
            out.onError(error);
        }

        @Override
        public void cancel() {
            if (out.tryError(new CancelledException("the call was cancelled", null, state.errorContext()))) {
                stopTimers();
            }
            inner.cancel();
        }

        @Override
        public boolean isDone() {
            return out.delivered();
        }
    }
}
