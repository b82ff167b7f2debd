package dev.duo;

import dev.duo.CancelledException;
import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A blocking view of a streamed answer: iterate the chunks as they arrive, then read the
 * {@link #completion()}. The error that ends a failed stream is thrown from {@link #hasNext()}
 * (or {@link #completion()}). Closing before the end cancels the stream. Not for concurrent use
 * by several readers.
 *
 * <pre>{@code
 * try (BlockingStream s = BlockingStream.start(listener -> feature.stream(inputs, listener))) {
 *     s.forEachRemaining(System.out::print);
 *     System.out.println(" [" + s.completion().usage().outputTokens() + " tokens]");
 * }
 * }</pre>
 */
@SuppressWarnings("removal") // implements its old name for one release
public final class BlockingStream implements Iterator<String>, AutoCloseable, dev.duo.pipeline.BlockingStream {

    private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private StreamHandle handle;
    private Object next;        // a chunk taken from the queue but not yet returned
    private Object terminal;    // the Completion or DuoException that ended the stream

    private BlockingStream() {
    }

    /**
     * Starts a stream with a listener that feeds this view.
     *
     * @param starter starts the stream, such as {@code l -> client.stream(inputs, l)}
     */
    public static BlockingStream start(Function<StreamListener, StreamHandle> starter) {
        Objects.requireNonNull(starter, "starter");
        BlockingStream s = new BlockingStream();
        StreamListener feed = new StreamListener() {
            @Override
            public void onChunk(String text) {
                s.events.add(text);
            }

            @Override
            public void onComplete(Completion completion) {
                s.events.add(completion);
            }

            @Override
            public void onError(DuoException error) {
                s.events.add(error);
            }
        };
        s.handle = Objects.requireNonNull(starter.apply(feed), "the starter returned no handle");
        return s;
    }

    /**
     * Waits for the next chunk or the end.
     *
     * @throws DuoException the error that ended the stream, once the chunks before it are read
     */
    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (terminal == null) {
            Object o = take();
            if (o instanceof String) {
                next = o;
                return true;
            }
            terminal = o;
        }
        if (terminal instanceof DuoException e) {
            throw e;
        }
        return false;
    }

    /** The next chunk, waiting for it. */
    @Override
    public String next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the stream has ended");
        }
        String chunk = (String) next;
        next = null;
        return chunk;
    }

    /**
     * Waits for the end of the stream (skipping chunks not read yet) and returns the whole answer.
     *
     * @throws DuoException the error that ended the stream
     */
    public Completion completion() {
        next = null;
        while (terminal == null) {
            Object o = take();
            if (!(o instanceof String)) {
                terminal = o;
            }
        }
        if (terminal instanceof DuoException e) {
            throw e;
        }
        return (Completion) terminal;
    }

    /** The chunks as a {@link Stream}; closing it cancels the call if it has not ended. */
    public Stream<String> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(this::close);
    }

    /** Cancels the stream unless it has ended; idempotent. */
    @Override
    public void close() {
        if (terminal == null) {
            handle.cancel();
        }
    }

    private Object take() {
        try {
            return events.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.cancel();
            throw new CancelledException("interrupted while waiting for the stream");
        }
    }
}
