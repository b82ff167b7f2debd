package dev.duo.internal.call;

import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.FinishReason;
import dev.duo.ProviderUnavailableException;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.Usage;
import dev.duo.spi.Attempt;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A model server on virtual time: each attempt takes {@code latency}, then answers, or fails with
 * what {@code behaviour} says for the virtual time the attempt started at. Counts attempts, their
 * start times and the most in flight at once.
 */
final class TimedClient implements ModelClient {

    private final VirtualTime vt;
    private final Duration latency;
    private final Function<Duration, DuoException> behaviour;
    final List<Instant> starts = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger peak = new AtomicInteger();

    /** @param behaviour the error to fail with for an attempt started at this elapsed time, or null to answer */
    TimedClient(VirtualTime vt, Duration latency, Function<Duration, DuoException> behaviour) {
        this.vt = vt;
        this.latency = latency;
        this.behaviour = behaviour;
    }

    @Override
    public Completion complete(ModelRequest request, Attempt attempt) {
        CompletableFuture<Completion> f = completeAsync(request, attempt);
        while (!f.isDone()) {
            if (!vt.step()) {
                throw new IllegalStateException("nothing left to run");
            }
        }
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw (DuoException) e.getCause();
        }
    }

    @Override
    public CompletableFuture<Completion> completeAsync(ModelRequest request, Attempt attempt) {
        starts.add(vt.now());
        peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        DuoException failure = behaviour.apply(vt.elapsed());
        CompletableFuture<Completion> f = new CompletableFuture<>();
        var task = vt.scheduler().schedule(() -> {
            if (failure != null) {
                f.completeExceptionally(failure);
            } else {
                f.complete(Completion.builder().text("ok").finishReason(FinishReason.STOP).usage(new Usage(1, 1)).build());
            }
        }, latency);
        attempt.onCancel(() -> {
            task.cancel();
            f.completeExceptionally(new ProviderUnavailableException("the connection failed (Canceled)"));
        });
        f.whenComplete((c, e) -> inFlight.decrementAndGet());
        return f;
    }

    @Override
    public StreamHandle stream(ModelRequest request, Attempt attempt, StreamListener listener) {
        throw new UnsupportedOperationException("not streamed here");
    }

    @Override
    public void close() {
    }
}
