package dev.duo.testkit.conformance;

import dev.duo.spi.Attempt;

import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.StreamListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link StreamListener} that records everything it receives and counts terminal signals, so a
 * test can wait for the end of a stream and check there was exactly one.
 *
 * <pre>{@code
 * RecordingListener l = new RecordingListener();
 * client.stream(request, Attempt.of(model.timeouts()), l);
 * l.awaitTerminal(Duration.ofSeconds(5));
 * assertThat(l.terminalCount()).isEqualTo(1);
 * }</pre>
 */
public class RecordingListener implements StreamListener {

    private final List<String> chunks = new ArrayList<>();
    private final CountDownLatch terminal = new CountDownLatch(1);
    private final CountDownLatch firstChunk = new CountDownLatch(1);
    private final AtomicInteger terminals = new AtomicInteger();
    private volatile Completion completion;
    private volatile DuoException error;
    private volatile boolean chunkAfterTerminal;

    @Override
    public void onChunk(String text) {
        if (terminals.get() > 0) {
            chunkAfterTerminal = true;
        }
        synchronized (chunks) {
            chunks.add(text);
        }
        firstChunk.countDown();
    }

    @Override
    public void onComplete(Completion done) {
        this.completion = done;
        terminals.incrementAndGet();
        terminal.countDown();
    }

    @Override
    public void onError(DuoException e) {
        this.error = e;
        terminals.incrementAndGet();
        terminal.countDown();
    }

    /**
     * Waits for the terminal signal.
     *
     * @throws AssertionError if none came within {@code max}
     */
    public RecordingListener awaitTerminal(Duration max) {
        try {
            if (!terminal.await(max.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the stream sent no terminal signal within " + max + "; chunks: " + chunks());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return this;
    }

    /** Waits for the first chunk; false if none came within {@code max}. */
    public boolean awaitFirstChunk(Duration max) throws InterruptedException {
        return firstChunk.await(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The chunks received, in order. */
    public List<String> chunks() {
        synchronized (chunks) {
            return List.copyOf(chunks);
        }
    }

    /** The chunks joined. */
    public String text() {
        return String.join("", chunks());
    }

    /** The completion, or null. */
    public Completion completion() {
        return completion;
    }

    /** The error, or null. */
    public DuoException error() {
        return error;
    }

    /** How many terminal signals arrived (1 is right). */
    public int terminalCount() {
        return terminals.get();
    }

    /** Whether a chunk arrived after a terminal signal (never right). */
    public boolean chunkAfterTerminal() {
        return chunkAfterTerminal;
    }
}
