package dev.duo.internal.pipeline;

import dev.duo.CancelledException;
import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.ProviderUnavailableException;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One attempt at the model client, the end of the chain. A streamed attempt is the client's own
 * stream; a blocking attempt runs {@link ModelClient#complete} on an executor: the caller's own
 * thread for {@code execute()} ({@link CallerRuns}), shared workers for {@code executeAsync()}.
 * Cancelling (at a deadline, or by the caller) interrupts the thread running it.
 */
final class ClientCall implements Chain.Terminal {

    private final ModelClient client;
    private final CallState state;
    private final Executor blockingExecutor;

    ClientCall(ModelClient client, CallState state, Executor blockingExecutor) {
        this.client = client;
        this.state = state;
        this.blockingExecutor = blockingExecutor;
    }

    @Override
    public StreamHandle start(ModelRequest request, StreamListener listener) {
        state.attempts.incrementAndGet();
        if (state.streaming) {
            try {
                return client.stream(request, listener);
            } catch (RuntimeException e) {
                listener.onError(unexpected(e));
                return HandleRef.DONE;
            } catch (Error e) {
                listener.onError(new ClientError(e, state.errorContext()));
                return HandleRef.DONE;
            }
        }
        Blocking b = new Blocking(request, listener);
        try {
            blockingExecutor.execute(b);
        } catch (RejectedExecutionException e) {
            listener.onError(new ProviderUnavailableException("the SDK's call executor refused the call (shut down?)",
                    e, state.errorContext()));
            return HandleRef.DONE;
        }
        return b;
    }

    private DuoException unexpected(RuntimeException e) {
        if (e instanceof DuoException d) {
            return d;
        }
        // The provider broke its contract; its message is not shown, as it could hold anything.
        return new DuoException("the model client failed unexpectedly with " + e.getClass().getName(),
                e, false, state.errorContext());
    }

    /** A blocking attempt on a worker thread. */
    private final class Blocking implements Runnable, StreamHandle {
        private final ModelRequest request;
        private final SerialListener listener;
        private Thread runner;        // guarded by this
        private boolean cancelled;    // guarded by this
        private boolean started;      // guarded by this

        Blocking(ModelRequest request, StreamListener listener) {
            this.request = request;
            this.listener = new SerialListener(listener);
        }

        @Override
        public void run() {
            synchronized (this) {
                if (cancelled || started) {
                    return;
                }
                started = true;
                runner = Thread.currentThread();
            }
            try {
                Completion c = client.complete(request);
                listener.onComplete(c);
            } catch (RuntimeException e) {
                boolean wasCancelled;
                synchronized (this) {
                    wasCancelled = cancelled;
                }
                listener.onError(wasCancelled ? new CancelledException("the call was cancelled", e, state.errorContext())
                        : unexpected(e));
            } catch (Error e) {
                listener.onError(new ClientError(e, state.errorContext()));
            } finally {
                synchronized (this) {
                    runner = null;
                    if (cancelled) {
                        Thread.interrupted();   // our own interrupt must not leak into the pool thread
                    }
                }
            }
        }

        @Override
        public void cancel() {
            synchronized (this) {
                if (cancelled) {
                    return;
                }
                cancelled = true;
                if (runner != null) {
                    runner.interrupt();
                }
            }
            listener.tryError(new CancelledException("the call was cancelled", null, state.errorContext()));
        }

        @Override
        public boolean isDone() {
            return listener.delivered();
        }
    }
}
