package dev.duo.pipeline;

import dev.duo.internal.pipeline.SystemScheduler;
import java.time.Duration;

/**
 * Runs a task after a delay: the pipeline's only way of waiting (retry waits, deadlines, stream idle
 * checks), so tests can swap in virtual time ({@code DuoClient.builder().clock(c).scheduler(s)}).
 * Tasks run on the scheduler's thread and must be quick.
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
}
