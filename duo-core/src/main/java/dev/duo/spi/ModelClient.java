package dev.duo.spi;

import dev.duo.Completion;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;

/**
 * The one interface every provider implements: a client for one model, shared by every call to
 * that model and safe for concurrent use.
 *
 * <p>Errors are thrown (blocking) or delivered (streaming) as {@link dev.duo.DuoException} subtypes
 * mapped from the provider's own: rate limited, timeout, unavailable, authentication, model not
 * found, invalid request, invalid response. Retries, logging and listeners are not the provider's
 * business: the core pipeline applies them around these methods.
 *
 * <pre>{@code
 * try (ModelClient client = provider.createClient(context)) {
 *     Completion c = client.complete(request);
 * }
 * }</pre>
 */
public interface ModelClient extends AutoCloseable {

    /**
     * Sends the request and waits for the whole answer (one attempt, no retry).
     *
     * @throws dev.duo.DuoException a subtype describing the failure
     */
    Completion complete(ModelRequest request);

    /**
     * Starts a streamed answer (one attempt, no retry) and returns at once. The listener receives
     * chunks as they arrive, then exactly one terminal signal, also after {@link StreamHandle#cancel()}.
     * A listener that throws ends the stream: the provider cancels it and delivers one
     * {@code onError}. (Callers of {@code FeatureClient} never see this: the pipeline's guard logs a
     * caller's listener exception and keeps the stream going, as {@link StreamListener} says.)
     */
    StreamHandle stream(ModelRequest request, StreamListener listener);

    /** Releases what this client alone holds; shared resources belong to its provider. */
    @Override
    void close();
}
