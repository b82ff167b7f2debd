package dev.duo.internal.pipeline;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a task after a delay: the pipeline's only way of waiting (retry waits, deadlines, stream idle
 * checks), so tests can swap in virtual time. Tasks run on the scheduler's thread and must be quick.
 *
 * <pre>{@code
 * Scheduler.Task t = Scheduler.system().schedule(() -> timeOut(), Duration.ofSeconds(30));
 * t.cancel();
 * }</pre>
 */
public interface Scheduler {

    /** Runs {@code task} once, {@code delay} from now (a zero or negative delay: as soon as possible). */
    Task schedule(Runnable task, Duration delay);

    /** A scheduled task. */
    interface Task {
        /** Stops the task from running if it has not yet; idempotent. */
        void cancel();
    }

    /** The JVM-wide scheduler on one daemon thread, {@code duo-scheduler}. */
    static Scheduler system() {
        return SystemScheduler.INSTANCE;
    }

    /** The default: a single daemon thread; cancelled tasks are removed at once. */
    final class SystemScheduler implements Scheduler {
        static final SystemScheduler INSTANCE = new SystemScheduler();
        private final ScheduledThreadPoolExecutor executor;

        private SystemScheduler() {
            AtomicInteger n = new AtomicInteger();
            executor = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "duo-scheduler-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            executor.setRemoveOnCancelPolicy(true);
            // A heartbeat keeps a task at the head of the queue, so scheduling a call's deadline (which
            // is later) does not wake the scheduler thread: without it every call costs that thread a
            // wake-up, and a context switch, when no other call is in flight.
            executor.scheduleAtFixedRate(() -> { }, HEARTBEAT_MILLIS, HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
        }

        private static final long HEARTBEAT_MILLIS = 1000;

        @Override
        public Task schedule(Runnable task, Duration delay) {
            long nanos = Math.max(0, delay.toNanos());
            var f = executor.schedule(task, nanos, TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        }
    }
}
