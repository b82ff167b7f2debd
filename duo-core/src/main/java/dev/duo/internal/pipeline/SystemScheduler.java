package dev.duo.internal.pipeline;

import dev.duo.pipeline.Scheduler;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The default scheduler: a single daemon thread; cancelled tasks are removed at once. */
public final class SystemScheduler implements Scheduler {
    /** The one instance. */
    public static final SystemScheduler INSTANCE = new SystemScheduler();
    private final ScheduledThreadPoolExecutor executor;

    private SystemScheduler() {
        AtomicInteger n = new AtomicInteger();
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "duo-scheduler-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Task schedule(Runnable task, Duration delay) {
        long nanos = Math.max(0, delay.toNanos());
        var f = executor.schedule(task, nanos, TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }
}
