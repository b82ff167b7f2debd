package dev.duo.examples.cli;

import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/** Prints a streamed answer as it arrives and waits for its end. */
final class Streams {

    private Streams() {
    }

    /**
     * Starts a stream through {@code start} and prints each chunk to {@code out}.
     *
     * @return the whole answer
     * @throws DuoException the error that ended the stream
     */
    static Completion print(PrintWriter out, Function<StreamListener, StreamHandle> start) {
        return print(out, false, start);
    }

    /**
     * The text as it may be printed: on a terminal, escape sequences and other control characters
     * a model (or a hostile server) put in an answer are shown escaped rather than obeyed; line
     * breaks and tabs stay. Piped output is left exactly as the model wrote it.
     */
    static String forOutput(String text, boolean terminal) {
        return terminal ? dev.duo.spi.UntrustedText.sanitizeKeepingLines(text, Integer.MAX_VALUE) : text;
    }

    /** As {@link #print(PrintWriter, Function)}; on a {@code terminal}, control characters are shown escaped. */
    static Completion print(PrintWriter out, boolean terminal, Function<StreamListener, StreamHandle> start) {
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean printed = new AtomicBoolean();
        AtomicReference<Completion> result = new AtomicReference<>();
        AtomicReference<DuoException> failure = new AtomicReference<>();
        StreamHandle handle = start.apply(new StreamListener() {
            @Override
            public void onChunk(String text) {
                printed.set(true);
                out.print(forOutput(text, terminal));
                out.flush();
            }

            @Override
            public void onComplete(Completion completion) {
                result.set(completion);
                done.countDown();
            }

            @Override
            public void onError(DuoException error) {
                failure.set(error);
                done.countDown();
            }
        });
        try {
            done.await();
        } catch (InterruptedException e) {
            handle.cancel();
            Thread.currentThread().interrupt();
            throw new CliException("interrupted: the answer was cancelled");
        }
        // End the answer's line; a stream that failed before its first chunk printed nothing to end.
        if (printed.get() || failure.get() == null) {
            out.println();
        }
        out.flush();
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }
}
