package dev.duo.testkit.internal.fake;

import dev.duo.call.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * Virtual time for tests: a clock, a scheduler and an executor that do nothing by themselves. The
 * test's thread drives them with {@link #runUntil}: ready tasks first, then the earliest timer,
 * moving the clock to it. Waiting a virtual minute takes no real time, and a run is the same every
 * time. A blocking wait inside a task ({@link #sleep}) keeps driving time until it is over or the
 * thread is interrupted (as a cancelled blocking call is). Tasks may be submitted from any thread.
 *
 * <pre>{@code
 * VirtualTime vt = new VirtualTime();
 * CallRuntime p = CallRuntime.builder().clock(vt.clock()).scheduler(vt.scheduler()).build();
 * CompletableFuture<Completion> f = p.executeAsync(ctx, fake, request);
 * vt.runUntil(f::isDone);
 * }</pre>
 */
public final class VirtualTime {

    private final Object lock = new Object();
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private volatile Instant now;
    private long seq;

    /** Starting at 2026-01-01T00:00:00Z. */
    public VirtualTime() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** Starting at {@code start}. */
    public VirtualTime(Instant start) {
        this.now = start;
    }

    /** The current virtual instant. */
    public Instant now() {
        return now;
    }

    /** A clock reading virtual time. */
    public Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
    }

    /** A scheduler on virtual time. */
    public Scheduler scheduler() {
        return new Scheduler() {
            @Override
            public Task schedule(Runnable task, Duration delay) {
                synchronized (lock) {
                    Timer t = new Timer(now.plus(delay.isNegative() ? Duration.ZERO : delay), seq++, task);
                    timers.add(t);
                    return t;
                }
            }

            // A blocking call waits here: time runs on this thread until the wait is over.
            @Override
            public void await(java.util.concurrent.Future<?> done) throws InterruptedException {
                while (!done.isDone()) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException("virtual wait interrupted");
                    }
                    if (!step(null)) {
                        throw new IllegalStateException("a blocking wait would never end: nothing left to run at " + now);
                    }
                }
            }
        };
    }

    /** An executor whose tasks run when the test drives time. */
    public java.util.concurrent.Executor executor() {
        return task -> {
            synchronized (lock) {
                ready.add(task);
            }
        };
    }

    /** Pending timers (cancelled ones excluded). */
    public int pendingTimers() {
        synchronized (lock) {
            return (int) timers.stream().filter(t -> !t.cancelled).count();
        }
    }

    /**
     * Runs ready tasks and timers until {@code done} holds.
     *
     * @return true when done holds; false when nothing is left to run and it still does not (a hang)
     */
    public boolean runUntil(BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            if (!step(null)) {
                return done.getAsBoolean();
            }
        }
        return true;
    }

    /** Runs every ready task and timer, as far as virtual time goes. */
    public void runAll() {
        while (step(null)) {
            // keep going
        }
    }

    /**
     * Blocks the calling task for a virtual {@code d}, running other work meanwhile.
     *
     * @throws InterruptedException when the thread is interrupted (the wait is cancelled)
     */
    public void sleep(Duration d) throws InterruptedException {
        Instant until = now.plus(d);
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException("virtual sleep interrupted");
            }
            if (!now.isBefore(until) || !step(until)) {
                if (now.isBefore(until)) {
                    now = until;
                }
                return;
            }
        }
    }

    // One ready task, else the earliest timer (not later than limit); false when there is none.
    private boolean step(Instant limit) {
        Runnable task;
        synchronized (lock) {
            task = ready.pollFirst();
            if (task == null) {
                Timer t;
                while ((t = timers.peek()) != null && t.cancelled) {
                    timers.poll();
                }
                if (t == null || (limit != null && t.due.isAfter(limit))) {
                    return false;
                }
                timers.poll();
                if (t.due.isAfter(now)) {
                    now = t.due;
                }
                task = t.task;
            }
        }
        task.run();
        return true;
    }

    private static final class Timer implements Comparable<Timer>, Scheduler.Task {
        final Instant due;
        final long seq;
        final Runnable task;
        volatile boolean cancelled;

        Timer(Instant due, long seq, Runnable task) {
            this.due = due;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Timer o) {
            int c = due.compareTo(o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
