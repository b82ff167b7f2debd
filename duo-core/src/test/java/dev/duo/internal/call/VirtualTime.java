package dev.duo.internal.call;

import dev.duo.call.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Virtual time on one thread: a clock, a scheduler whose {@link Scheduler#await} runs due work
 * instead of blocking, and a queue of ready tasks (the "HTTP client's threads" of the test fakes).
 * Nothing runs by itself: the thread that waits drives time, so a run is the same every time and
 * a virtual minute takes no real time.
 */
final class VirtualTime {

    private final Object lock = new Object();
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private long seq;
    final Instant start = now;

    Instant now() {
        return now;
    }

    Duration elapsed() {
        return Duration.between(start, now);
    }

    Clock clock() {
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

    Scheduler scheduler() {
        return new Scheduler() {
            @Override
            public Task schedule(Runnable task, Duration delay) {
                synchronized (lock) {
                    Timer t = new Timer(now.plus(delay.isNegative() ? Duration.ZERO : delay), seq++, task);
                    timers.add(t);
                    return t;
                }
            }

            @Override
            public void await(Future<?> done) throws InterruptedException {
                while (!done.isDone()) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException("virtual wait interrupted");
                    }
                    if (!step()) {
                        throw new IllegalStateException("a blocking wait would never end: nothing left to run at " + now);
                    }
                }
            }
        };
    }

    /** Queues a task as an HTTP client's thread would run it. */
    void post(Runnable task) {
        synchronized (lock) {
            ready.add(task);
        }
    }

    /** Runs ready tasks and timers until {@code done} holds; false when nothing is left and it does not. */
    boolean runUntil(BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            if (!step()) {
                return done.getAsBoolean();
            }
        }
        return true;
    }

    void runAll() {
        while (step()) {
            // keep going
        }
    }

    int pendingTimers() {
        synchronized (lock) {
            return (int) timers.stream().filter(t -> !t.cancelled).count();
        }
    }

    /** One ready task, else the earliest timer; false when there is none. */
    boolean step() {
        Runnable task;
        synchronized (lock) {
            task = ready.pollFirst();
            if (task == null) {
                Timer t;
                while ((t = timers.peek()) != null && t.cancelled) {
                    timers.poll();
                }
                if (t == null) {
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
