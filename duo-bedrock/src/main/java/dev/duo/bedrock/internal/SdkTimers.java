package dev.duo.bedrock.internal;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The timer threads of one provider's SDK clients, in place of the SDK's own pool. The SDK arms a
 * timer task per call (its attempt timeout) and cancels it when the call ends; its own pool keeps
 * cancelled tasks queued until they would have fired (a minute later), so every call costs the
 * timer thread a wake-up then, and the queue holds a minute's worth of dead tasks. Here cancelled
 * tasks leave the queue at once, and a heartbeat keeps an earlier task at its head, so that
 * arming a call's (later) deadline does not wake the timer thread either.
 *
 * <pre>{@code
 * SdkTimers timers = new SdkTimers();
 * builder.overrideConfiguration(o -> o.scheduledExecutorService(timers.executor()));
 * timers.close();   // after the clients: they do not own it
 * }</pre>
 */
final class SdkTimers implements AutoCloseable {

    /** How often the heartbeat runs (it does nothing). */
    static final long HEARTBEAT_MILLIS = 1000;
    /** Timer tasks interrupt a blocked call or fail a future: quick work, so two threads suffice. */
    static final int THREADS = 2;

    private final ScheduledThreadPoolExecutor executor;

    SdkTimers() {
        AtomicInteger n = new AtomicInteger();
        executor = new ScheduledThreadPoolExecutor(THREADS, r -> {
            Thread t = new Thread(r, "duo-bedrock-timer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.scheduleAtFixedRate(() -> { }, HEARTBEAT_MILLIS, HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The executor to hand to the SDK clients. */
    ScheduledThreadPoolExecutor executor() {
        return executor;
    }

    /** Stops the timer threads; tasks still queued (calls still running) are dropped. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
