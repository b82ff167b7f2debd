package dev.duo.examples.cli;

import dev.duo.Completion;
import dev.duo.FinishReason;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.spi.Attempt;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A model that answers "answer N" (streamed in two chunks) and records every request. */
final class ScriptedModelClient implements ModelClient {

    final List<ModelRequest> requests = new CopyOnWriteArrayList<>();

    @Override
    public java.util.concurrent.CompletableFuture<Completion> completeAsync(ModelRequest request, Attempt attempt) {
        try {
            return java.util.concurrent.CompletableFuture.completedFuture(complete(request, attempt));
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public Completion complete(ModelRequest request, Attempt attempt) {
        requests.add(request);
        return Completion.builder().text("answer " + requests.size()).finishReason(FinishReason.STOP).build();
    }

    @Override
    public StreamHandle stream(ModelRequest request, Attempt attempt, StreamListener listener) {
        requests.add(request);
        int n = requests.size();
        listener.onChunk("answer ");
        listener.onChunk(String.valueOf(n));
        listener.onComplete(Completion.builder().text("answer " + n).finishReason(FinishReason.STOP).build());
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
