package dev.duo.internal.pipeline;

import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.pipeline.CallInterceptor;
import dev.duo.pipeline.Redactor;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each call under {@code dev.duo.request}: a one-line summary at DEBUG, and, only when request
 * logging is on ({@code AIGW_LOGGING__ENABLE_REQUEST_LOGGING}), the request's messages and the
 * answer's text at INFO. Everything passes through the {@link Redactor} first.
 */
final class LoggingStage implements CallInterceptor {

    static final Logger LOG = LoggerFactory.getLogger("dev.duo.request");

    private final CallState state;
    private final boolean bodies;

    LoggingStage(CallState state, boolean bodies) {
        this.state = state;
        this.bodies = bodies;
    }

    @Override
    public StreamHandle intercept(Chain chain, StreamListener listener) {
        Redactor r = state.redactor;
        if (bodies && LOG.isInfoEnabled()) {
            String messages = chain.request().messages().stream()
                    .map(m -> m.role().name().toLowerCase(java.util.Locale.ROOT) + ": " + r.redact(m.content()))
                    .collect(Collectors.joining("\n"));
            LOG.info("duo request {} streaming={} params={}\n{}", state.describe(), state.streaming,
                    r.redact(chain.request().params().toString()), messages);
        } else {
            LOG.debug("duo request {} streaming={} messages={}", state.describe(), state.streaming,
                    chain.request().messages().size());
        }
        return chain.proceed(chain.request(), new StreamListener() {
            @Override
            public void onChunk(String text) {
                listener.onChunk(text);
            }

            @Override
            public void onComplete(Completion c) {
                if (bodies && LOG.isInfoEnabled()) {
                    LOG.info("duo response {} finish={} usage={} request_id={}\n{}", state.describe(), c.finishReason(),
                            c.usage(), c.requestId().map(r::redact).orElse("-"), r.redact(c.text()));
                } else {
                    LOG.debug("duo response {} finish={} usage={} attempts={} elapsed={}ms", state.describe(),
                            c.finishReason(), c.usage(), state.attempts.get(), state.elapsed().toMillis());
                }
                listener.onComplete(c);
            }

            @Override
            public void onError(DuoException e) {
                LOG.debug("duo call failed {} attempts={} elapsed={}ms: {}", state.describe(), state.attempts.get(),
                        state.elapsed().toMillis(), r.redact(e.getClass().getSimpleName() + ": " + e.getMessage()));
                listener.onError(e);
            }
        });
    }
}
