package dev.duo.testkit.internal.fake;

import dev.duo.CancelledException;
import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.ErrorContext;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.testkit.Fault;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One streamed answer of the fake, on the fake's executor like a real provider's I/O thread: each
 * chunk is its own task, so cancels and timers can fall between chunks. Signals are delivered under
 * this stream's lock, so they never overlap, and nothing follows the terminal one.
 */
public final class FakeStream implements StreamHandle {

    private final StreamListener listener;
    private final List<String> chunks;
    private final Completion completion;
    private final Fault fault;
    private final Executor executor;
    private final ErrorContext context;
    private final Runnable onEnd;
    private boolean ended;        // guarded by this
    private volatile boolean done;

    /**
     * A stream, not yet started.
     *
     * @param fault the fault to inject, or null
     * @param onEnd run once, just before the terminal signal is delivered
     */
    public FakeStream(StreamListener listener, List<String> chunks, Completion completion, Fault fault,
                      Executor executor, ErrorContext context, Runnable onEnd) {
        this.listener = listener;
        this.chunks = List.copyOf(chunks);
        this.completion = completion;
        this.fault = fault;
        this.executor = executor;
        this.context = context;
        this.onEnd = onEnd;
    }

    /** Starts sending on the executor. */
    public FakeStream start() {
        submit(() -> step(0));
        return this;
    }

    private void step(int i) {
        synchronized (this) {
            if (ended) {
                return;
            }
            if (fault instanceof Fault.Status || fault instanceof Fault.Reset || fault instanceof Fault.Malformed) {
                endLocked(FaultErrors.errorFor(fault, context), null);
                return;
            }
            if (fault instanceof Fault.Stall) {
                return;   // headers never come: only a cancel (or close) ends it
            }
            if (fault instanceof Fault.StallBody s && i >= s.afterChunks()) {
                return;   // silence after K chunks
            }
            if (fault instanceof Fault.Disconnect d && i >= d.afterChunks()) {
                endLocked(FaultErrors.errorFor(fault, context), null);
                return;
            }
            if (i >= chunks.size()) {
                endLocked(null, completion);
                return;
            }
            listener.onChunk(chunks.get(i));
        }
        submit(() -> step(i + 1));
    }

    /** Ends the stream with this error unless it has ended; delivered on the executor. */
    public void fail(DuoException error) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        submit(() -> deliverError(error));
    }

    // The stream counts as ended before its terminal signal is delivered, so whoever sees that
    // signal also sees the fake's openStreams() without it (no race for tests checking for leaks).
    private synchronized void deliverError(DuoException error) {
        finish();
        listener.onError(error);
    }

    private void endLocked(DuoException error, Completion ok) {
        ended = true;
        finish();
        if (error != null) {
            listener.onError(error);
        } else {
            listener.onComplete(ok);
        }
    }

    private void finish() {
        if (!done) {
            done = true;
            onEnd.run();
        }
    }

    private void submit(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();   // the executor is shut down: finish on this thread rather than never
        }
    }

    @Override
    public void cancel() {
        fail(new CancelledException("the stream was cancelled", null, context));
    }

    @Override
    public boolean isDone() {
        return done;
    }
}
