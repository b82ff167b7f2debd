package dev.duo.spi;

import dev.duo.spi.Attempt;

import dev.duo.Completion;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import java.util.concurrent.CompletableFuture;

/**
 * The one interface every provider implements: a client for one model, shared by every call to
 * that model and safe for concurrent use. Each method is one attempt (no retry); the {@link Attempt}
 * says how long it may take and is cancelled when the call is (abort the HTTP call then).
 *
 * <p>Errors are thrown (blocking), completed exceptionally (async) or delivered (streaming) as
 * {@link dev.duo.DuoException} subtypes mapped from the provider's own: rate limited, timeout,
 * unavailable, authentication, model not found, invalid request, invalid response. Retries, logging
 * and listeners are not the provider's business: the core runtime applies them around these methods.
 *
 * <pre>{@code
 * try (ModelClient client = provider.createClient(context)) {
 *     Completion c = client.complete(request, Attempt.of(context.model().timeouts()));
 * }
 * }</pre>
 */
public interface ModelClient extends AutoCloseable {

    /**
     * Sends the request and waits for the whole answer, on the calling thread.
     *
     * @throws dev.duo.DuoException a subtype describing the failure
     */
    Completion complete(ModelRequest request, Attempt attempt);

    /**
     * Sends the request and returns at once, without a thread of the caller's per call (OkHttp's
     * {@code enqueue}, the AWS SDK's async client): the future completes with the whole answer or a
     * {@link dev.duo.DuoException}. Cancellation comes through {@code attempt}, not the future.
     */
    CompletableFuture<Completion> completeAsync(ModelRequest request, Attempt attempt);

    /**
     * Starts a streamed answer and returns at once. The listener receives chunks as they arrive,
     * then exactly one terminal signal, also after {@link StreamHandle#cancel()}. A listener that
     * throws ends the stream: the provider cancels it and delivers one {@code onError}. (Callers of
     * {@code FeatureClient} never see this: the runtime's guard logs a caller's listener exception
     * and keeps the stream going, as {@link StreamListener} says.)
     */
    StreamHandle stream(ModelRequest request, Attempt attempt, StreamListener listener);

    /**
     * As {@link #stream}, for a caller that waits for the stream's end anyway
     * ({@code FeatureClient.generate(inputs, onChunk)}): the client may read the answer on the
     * calling thread, deliver every signal on it, and return once the terminal signal was delivered,
     * which spares the hand-off to a thread of its own before the request is sent. The contract is
     * {@code stream}'s otherwise: cancellation comes through {@code attempt} (a deadline or a cancel
     * then arrives from another thread while this one reads, and must abort the read), and a client
     * may still finish on a thread of its own (a retried connection) after returning.
     *
     * <p>The runtime calls it only on the caller's own thread, for a call's first attempt, and only
     * when the client has no {@code CallInterceptor} (whose {@code proceed} must return before the
     * first chunk). A read that fails because the reading thread was interrupted is the caller's
     * cancel: map it to {@link dev.duo.CancelledException}, not to a timeout. The default
     * calls {@code stream}, for clients whose streams are read on their own threads (the AWS SDK's
     * event streams).
     */
    default StreamHandle streamHere(ModelRequest request, Attempt attempt, StreamListener listener) {
        return stream(request, attempt, listener);
    }

    /** Releases what this client alone holds; shared resources belong to its provider. */
    @Override
    void close();
}
