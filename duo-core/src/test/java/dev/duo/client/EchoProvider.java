package dev.duo.client;

import dev.duo.Completion;
import dev.duo.FinishReason;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.Usage;
import dev.duo.spi.Attempt;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelProvider;
import dev.duo.spi.ProviderContext;
import dev.duo.spi.ModelRequest;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** A provider for core's own tests: answers with the last message, records contexts and requests. */
public final class EchoProvider implements ModelProvider {

    final Set<String> platforms;
    final List<ProviderContext> contexts = new CopyOnWriteArrayList<>();
    final List<ModelRequest> requests = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    /** For ServiceLoader-based tests: claims the platform {@code dup_platform}. */
    public EchoProvider() {
        this(Set.of("dup_platform"));
    }

    EchoProvider(Set<String> platforms) {
        this.platforms = platforms;
    }

    @Override
    public Set<String> platforms() {
        return platforms;
    }

    @Override
    public ModelClient createClient(ProviderContext context) {
        contexts.add(context);
        return new ModelClient() {
            @Override
            public Completion complete(ModelRequest request, Attempt attempt) {
                requests.add(request);
                String last = request.messages().get(request.messages().size() - 1).content();
                return Completion.builder().text("echo: " + last).finishReason(FinishReason.STOP)
                        .usage(new Usage(3, 2)).requestId("req-1").build();
            }

            @Override
            public java.util.concurrent.CompletableFuture<Completion> completeAsync(ModelRequest request, Attempt attempt) {
                return java.util.concurrent.CompletableFuture.completedFuture(complete(request, attempt));
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
        };
    }

    @Override
    public void close() {
        closed = true;
    }
}
