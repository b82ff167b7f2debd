package dev.duo.internal.pipeline;

import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.InvalidResponseException;
import dev.duo.StreamListener;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes any source of signals safe for a listener: signals from any thread are delivered one at a
 * time, in order (a queue drained by whichever thread gets there first, so a listener that cancels
 * from inside {@code onChunk} does not receive {@code onError} nested inside it), exactly one
 * terminal signal gets through (the first offered), nothing after it, and an exception the listener
 * throws is logged, not propagated.
 */
final class SerialListener implements StreamListener {

    private static final Logger LOG = LoggerFactory.getLogger(SerialListener.class);

    private final StreamListener target;
    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean terminated = new AtomicBoolean();
    private volatile boolean delivered;

    SerialListener(StreamListener target) {
        this.target = target;
    }

    @Override
    public void onChunk(String text) {
        if (text != null && !text.isEmpty() && !terminated.get()) {
            enqueue(text);
        }
    }

    @Override
    public void onComplete(Completion completion) {
        if (completion == null) {
            tryError(new InvalidResponseException("the model client completed without a completion"));
        } else if (terminated.compareAndSet(false, true)) {
            enqueue(completion);
        }
    }

    @Override
    public void onError(DuoException error) {
        tryError(error);
    }

    /** Offers a terminal error; true when it is the one that ends the stream. */
    boolean tryError(DuoException error) {
        DuoException e = error != null ? error : new DuoException("the model client failed without an error");
        if (terminated.compareAndSet(false, true)) {
            enqueue(e);
            return true;
        }
        return false;
    }

    /** True once a terminal signal was accepted (it may still be on its way). */
    boolean terminated() {
        return terminated.get();
    }

    /** True once the listener has received its terminal signal. */
    boolean delivered() {
        return delivered;
    }

    private void enqueue(Object signal) {
        queue.add(signal);
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            Object s;
            while ((s = queue.poll()) != null) {
                deliver(s);
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void deliver(Object signal) {
        if (delivered) {
            return;
        }
        try {
            if (signal instanceof String chunk) {
                target.onChunk(chunk);
            } else if (signal instanceof Completion c) {
                delivered = true;
                target.onComplete(c);
            } else {
                delivered = true;
                target.onError((DuoException) signal);
            }
        } catch (RuntimeException e) {
            LOG.warn("A stream listener threw {} while receiving {}; the call goes on", e.getClass().getName(),
                    signal instanceof String ? "a chunk" : "the end of the call", e);
        }
    }
}
