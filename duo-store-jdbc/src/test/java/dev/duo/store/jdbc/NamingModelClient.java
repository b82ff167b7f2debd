package dev.duo.store.jdbc;

import dev.duo.Completion;
import dev.duo.FinishReason;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import java.util.concurrent.CompletableFuture;
import dev.duo.spi.Attempt;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;

/** Answers every request at once; which model served it is in the completion's provenance. */
final class NamingModelClient implements ModelClient {

    @Override
    public Completion complete(ModelRequest request, Attempt attempt) {
        return Completion.builder().text("ok").finishReason(FinishReason.STOP).build();
    }

    @Override
    public CompletableFuture<Completion> completeAsync(ModelRequest request, Attempt attempt) {
        return CompletableFuture.completedFuture(complete(request, attempt));
    }

    @Override
    public StreamHandle stream(ModelRequest request, Attempt attempt, StreamListener listener) {
        Completion c = complete(request, attempt);
        listener.onChunk(c.text());
        listener.onComplete(c);
        return new StreamHandle() {
            @Override
            public void cancel() {
            }

            @Override
            public boolean isDone() {
                return true;
            }
        };
    }

    @Override
    public void close() {
    }
}
