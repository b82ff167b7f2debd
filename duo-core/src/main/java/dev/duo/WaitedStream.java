package dev.duo;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * {@link FeatureClient#generate(Map, Consumer)} for any {@code FeatureClient} (a user's decorator):
 * {@link FeatureClient#stream} with a listener that hands the chunks on and a wait for the end.
 * Duo's own feature client overrides it to read on the caller's thread.
 */
final class WaitedStream implements StreamListener {

    private final Consumer<String> onChunk;
    private final CompletableFuture<Completion> end = new CompletableFuture<>();
    private volatile StreamHandle handle;
    private volatile Throwable thrown;

    private WaitedStream(Consumer<String> onChunk) {
        this.onChunk = onChunk;
    }

    static Completion run(FeatureClient client, Map<String, ?> inputs, Consumer<String> onChunk) {
        Objects.requireNonNull(onChunk, "onChunk");
        WaitedStream w = new WaitedStream(onChunk);
        w.handle = client.stream(inputs, w);
        if (w.thrown != null) {
            w.handle.cancel();   // onChunk threw before the handle was known
        }
        Completion c;
        try {
            c = w.end.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            w.handle.cancel();
            // A cancelled stream still ends with one terminal signal: wait for it, so that no chunk comes after this returns.
            w.end.exceptionally(t -> null).join();
            throw new CancelledException("interrupted while waiting for the answer");
        } catch (ExecutionException e) {
            if (w.thrown != null) {
                throw rethrown(w.thrown);
            }
            throw e.getCause() instanceof DuoException d ? d
                    : new DuoException("the stream failed with " + e.getCause().getClass().getName(), e.getCause(),
                    false, ErrorContext.NONE);
        }
        if (w.thrown != null) {
            throw rethrown(w.thrown);
        }
        return c;
    }

    private static RuntimeException rethrown(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return (RuntimeException) t;
    }

    @Override
    public void onChunk(String text) {
        if (thrown != null) {
            return;
        }
        try {
            onChunk.accept(text);
        } catch (RuntimeException | Error e) {
            thrown = e;
            StreamHandle h = handle;
            if (h != null) {
                h.cancel();
            }
        }
    }

    @Override
    public void onComplete(Completion completion) {
        end.complete(completion);
    }

    @Override
    public void onError(DuoException error) {
        end.completeExceptionally(error);
    }
}
