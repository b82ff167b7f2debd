package dev.duo.call;

import dev.duo.internal.call.SystemScheduler;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Runs a task after a delay, and lets a blocking call wait: the runtime's only ways of waiting
 * (retry waits, deadlines, stream idle checks, a blocking call's wait between attempts), so tests
 * can swap in virtual time ({@code DuoClient.builder().clock(c).scheduler(s)}). Tasks run on the
 * scheduler's thread and must be quick.
 *
 * <pre>{@code
 * Scheduler.Task t = Scheduler.system().schedule(() -> timeOut(), Duration.ofSeconds(30));
 * t.cancel();
 * }</pre>
 */
public interface Scheduler {

    /** Runs {@code task} once, {@code delay} from now (a zero or negative delay: as soon as possible). */
    Task schedule(Runnable task, Duration delay);

    /**
     * Blocks the calling thread until {@code done} is done (however it ends). A virtual scheduler
     * runs its due tasks here instead of blocking, so a blocking call in a test takes no real time.
     *
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    default void await(Future<?> done) throws InterruptedException {
        try {
            done.get();
        } catch (ExecutionException | CancellationException e) {
            // done either way: the caller reads the outcome itself
        }
    }

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
