package dev.duo.internal.pipeline;

import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.Provenance;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.pipeline.CallEvent;
import dev.duo.pipeline.CallInterceptor;
import dev.duo.pipeline.CallListener;
import dev.duo.spi.ModelRequest;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the {@link CallListener}s about one call: request, first token, retries, response or error,
 * with timing measured on the injected clock, and stamps the answer with its {@link Provenance}. Listeners hear of the end before the caller does, so
 * metrics are recorded by the time a blocking call returns. A listener that throws is logged and skipped.
 */
final class ObserverStage implements CallInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(ObserverStage.class);

    private final List<CallListener> listeners;
    private final CallState state;
    private volatile ModelRequest request;
    private volatile Duration timeToFirstToken;

    ObserverStage(List<CallListener> listeners, CallState state) {
        this.listeners = listeners;
        this.state = state;
    }

    @Override
    public StreamHandle intercept(Chain chain, StreamListener listener) {
        request = chain.request();
        fire(CallListener::onRequest, event().build());
        return chain.proceed(chain.request(), new StreamListener() {
            private boolean first = true;

            @Override
            public void onChunk(String text) {
                if (first) {
                    first = false;
                    timeToFirstToken = state.elapsed();
                    fire(CallListener::onFirstToken, event().build());
                }
                listener.onChunk(text);
            }

            @Override
            public void onComplete(Completion completion) {
                Completion c = withProvenance(completion);
                fire(CallListener::onResponse, event().completion(c).latency(state.elapsed()).build());
                listener.onComplete(c);
            }

            @Override
            public void onError(DuoException error) {
                fire(CallListener::onError, event().error(error).latency(state.elapsed()).build());
                listener.onError(error);
            }
        });
    }

    // A feature call says what served it; a raw model call (no feature or prompt) has no provenance.
    private Completion withProvenance(Completion c) {
        var ctx = state.context;
        if (c == null || c.provenance().isPresent() || ctx.feature().isEmpty() || ctx.prompt().isEmpty()) {
            return c;
        }
        return c.toBuilder().provenance(new Provenance(ctx.feature().get(), ctx.model().name(),
                ctx.model().family().id(), ctx.model().platform(), ctx.prompt().get())).build();
    }

    /** Called by the retry stage before it waits for the next attempt. */
    void retrying(DuoException error) {
        fire(CallListener::onRetry, event().error(error).latency(state.elapsed()).build());
    }

    private CallEvent.Builder event() {
        return CallEvent.builder(state.context, request).streaming(state.streaming).attempts(state.attempts.get())
                .timeToFirstToken(timeToFirstToken);
    }

    private void fire(BiConsumer<CallListener, CallEvent> method, CallEvent event) {
        for (CallListener l : listeners) {
            try {
                method.accept(l, event);
            } catch (RuntimeException e) {
                LOG.warn("The call listener {} threw {}; the call goes on", l.getClass().getName(),
                        e.getClass().getName(), e);
            }
        }
    }
}
