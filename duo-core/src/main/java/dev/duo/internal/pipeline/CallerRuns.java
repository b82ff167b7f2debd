package dev.duo.internal.pipeline;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * The executor of one blocking {@code execute()} call: attempts run on the caller's own thread,
 * which waits for them anyway, so a call costs no thread hand-off (two context switches, tens to
 * hundreds of microseconds on a busy machine). The pipeline queues an attempt here (the first one
 * while the call starts, retries from the scheduler thread after their backoff) and the caller runs
 * it, or waits, until the call's future is done. Attempts are queued rather than run where they are
 * submitted so that the attempt's handle is in place first: at a deadline the pipeline cancels it,
 * which interrupts the caller's thread inside the client (bundled providers also bound every
 * attempt by their HTTP client's own timeouts). A task submitted after the caller has left goes to
 * the shared worker threads.
 */
final class CallerRuns implements Executor {

    private final Executor fallback;
    private final BooleanSupplier callerMayRun;
    private Runnable pending;      // guarded by this
    private boolean left;          // guarded by this

    /**
     * @param fallback where attempts run that the caller does not
     * @param callerMayRun asked per attempt: false sends it to {@code fallback} (an attempt that
     *     could outlive the call's deadline, which the caller must be able to walk away from)
     */
    CallerRuns(Executor fallback, BooleanSupplier callerMayRun) {
        this.fallback = fallback;
        this.callerMayRun = callerMayRun;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            if (!left && pending == null && callerMayRun.getAsBoolean()) {
                pending = task;
                notifyAll();
                return;
            }
        }
        fallback.execute(task);
    }

    /**
     * Runs queued attempts on this thread until {@code done} completes; then call {@link #leave()}.
     *
     * @throws InterruptedException when the caller is interrupted (the attempt it would run stays queued)
     */
    void runUntil(CompletableFuture<?> done) throws InterruptedException {
        done.whenComplete((r, e) -> wake());
        while (true) {
            Runnable task;
            synchronized (this) {
                while (pending == null && !done.isDone()) {
                    wait();
                }
                if (pending == null || done.isDone()) {
                    return;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
                task = pending;
                pending = null;
            }
            task.run();
        }
    }

    /** The caller stops running attempts: one still queued (a cancelled one, normally) goes to the workers. */
    void leave() {
        Runnable orphan;
        synchronized (this) {
            left = true;
            orphan = pending;
            pending = null;
        }
        if (orphan != null) {
            fallback.execute(orphan);
        }
    }

    private synchronized void wake() {
        notifyAll();
    }
}
