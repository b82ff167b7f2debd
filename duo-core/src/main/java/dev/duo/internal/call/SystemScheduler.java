package dev.duo.internal.call;

import dev.duo.call.Scheduler;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The default scheduler: a single daemon thread; cancelled tasks are removed at once. */
public final class SystemScheduler implements Scheduler {
    /** The one instance. */
    public static final SystemScheduler INSTANCE = new SystemScheduler();
    private final ScheduledThreadPoolExecutor executor;

    private SystemScheduler() {
        executor = new ScheduledThreadPoolExecutor(1, new DaemonThreads());
        executor.setRemoveOnCancelPolicy(true);
        // A heartbeat keeps a task at the head of the queue, so scheduling a call's deadline (which
        // is later) does not wake the scheduler thread: without it every call costs that thread a
        // wake-up, and a context switch, when no other call is in flight.
        executor.scheduleAtFixedRate(new DaemonThreads(), HEARTBEAT_MILLIS, HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Names the scheduler's daemon threads; as a task, the heartbeat (it does nothing). A class, not two
     * lambdas: the scheduler starts with the first client, and a lambda costs a class spun at run time.
     */
    private static final class DaemonThreads implements ThreadFactory, Runnable {
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "duo-scheduler-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }

        @Override
        public void run() {
        }
    }

    private static final long HEARTBEAT_MILLIS = 1000;

    @Override
    public Task schedule(Runnable task, Duration delay) {
        long nanos = Math.max(0, delay.toNanos());
        return new Cancels(executor.schedule(task, nanos, TimeUnit.NANOSECONDS));
    }

    // A class, not a lambda: until C2 compiles the caller (a stream's path runs once per stream, so that
    // takes thousands of them), C1's code makes each capturing lambda through a method handle and a call
    // into the VM, twice per stream on its way to the first chunk.
    private static final class Cancels implements Task {
        private final java.util.concurrent.Future<?> future;

        Cancels(java.util.concurrent.Future<?> future) {
            this.future = future;
        }

        @Override
        public void cancel() {
            future.cancel(false);
        }
    }
}
