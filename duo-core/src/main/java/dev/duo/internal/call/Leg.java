package dev.duo.internal.call;

import dev.duo.DuoException;
import dev.duo.DuoTimeoutException;
import dev.duo.StreamListener;
import dev.duo.model.Timeouts;
import dev.duo.call.CallContext;
import dev.duo.spi.Redactor;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.time.Instant;

/**
 * One model's part of a call: the model's context, client, request and deadlines, its own retry
 * budget, and its hold on the model's {@link ModelGuard} (one breaker permission per leg). A call
 * has one leg per model it tries, in route order; only the call's thread of the moment touches the
 * non-final fields.
 */
final class Leg {

    final int index;
    final CallContext context;
    final ModelClient client;
    final ModelRequest request;
    final Timeouts timeouts;
    final Instant started;
    final Instant deadline;
    /** Whether the call's deadline, not the model's own total, bounds this leg. */
    final boolean cutByCall;
    private final Redactor runtimeRedactor;
    private volatile Redactor redactor;  // made on first use: only a log line or a failure needs it
    final RetrySchedule.Tries retry;
    final ModelGuard guard;             // null when the runtime routes nothing (raw calls)
    final boolean last;
    private volatile boolean left;      // set once, through LEFT
    volatile int attempts;
    /** Whether the leg's last admission found every {@code max_concurrent_requests} slot taken. */
    volatile boolean waitingForSlot;
    ModelRequest sent;                  // the request after the interceptors
    StreamListener loopOut;             // where the attempt loop's signals go (the innermost interceptor's listener)

    private static final VarHandle LEFT = VarHandles.field(MethodHandles.lookup(), Leg.class, "left", boolean.class);

    Leg(RealCall call, int index, Route.Target target, ModelRequest request, Timeouts timeouts, Instant started,
        boolean cutByCall, ModelGuard guard) {
        this.index = index;
        this.context = target.context();
        this.client = target.client();
        this.request = request;
        this.timeouts = timeouts;
        this.started = started;
        this.deadline = started.plus(timeouts.total());
        this.cutByCall = cutByCall;
        this.runtimeRedactor = call.runtime.redactor;
        this.retry = call.runtime.retry.forLeg();
        this.guard = guard;
        this.last = index == call.route.size() - 1;
    }

    /** What masks this leg's secrets (the model's key) and the runtime's patterns in its log lines. */
    Redactor redactor() {
        Redactor r = redactor;
        if (r == null) {
            r = runtimeRedactor.withSecrets(context.secrets());
            redactor = r;
        }
        return r;
    }

    /**
     * Records the leg's outcome on the model's breaker, once ({@code failure} null for a success). The
     * clock is read only when the outcome needs the time: not for a leg already left (every call's
     * end leaves its leg again) nor for a success.
     */
    void leave(Clock clock, DuoException failure) {
        if (guard == null || !LEFT.compareAndSet(this, false, true)) {
            return;
        }
        // A timeout that only the call's deadline imposed (an earlier model used the time) is not this model's fault.
        boolean notItsFault = failure instanceof DuoTimeoutException && cutByCall && !clock.instant().isBefore(deadline);
        guard.leave(started, notItsFault ? RealCall.NOT_COUNTED : failure);
    }
}
