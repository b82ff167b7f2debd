package dev.duo.internal.call;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model's {@code max_concurrent_requests}: at most {@code max} attempts in flight for the whole
 * client. A caller over the bound waits, as a future completed when a slot frees (so a blocking
 * caller waits through the injected scheduler and an async one holds no thread); the call gives up
 * at its own deadline. Not resilience4j's bulkhead: its semaphore blocks a thread on real time.
 * Thread-safe.
 */
final class Bulkhead {

    final int max;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Queue<CompletableFuture<Void>> waiters = new ConcurrentLinkedQueue<>();

    Bulkhead(int max) {
        this.max = max;
    }

    boolean tryAcquire() {
        while (true) {
            int n = inFlight.get();
            if (n >= max) {
                return false;
            }
            if (inFlight.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void release() {
        inFlight.decrementAndGet();
        wakeOne();
    }

    /** Completes {@code f} when a slot may be free. */
    void await(CompletableFuture<Void> f) {
        waiters.add(f);
        if (inFlight.get() < max) {
            wakeOne();
        }
    }

    int inFlight() {
        return inFlight.get();
    }

    // Waiters whose call already ended (its future completed by a deadline) are skipped.
    private void wakeOne() {
        CompletableFuture<Void> f;
        while ((f = waiters.poll()) != null) {
            if (f.complete(null)) {
                return;
            }
        }
    }
}
