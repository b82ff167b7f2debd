package dev.duo.bedrock.internal;

import dev.duo.CancelledException;
import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.ErrorContext;
import dev.duo.FinishReason;
import dev.duo.InvalidResponseException;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.Usage;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;

/**
 * One ConverseStream call: receives the SDK's events, hands text deltas to the listener as they
 * arrive, and guarantees the listener exactly one terminal signal, whichever comes first of: the
 * end of the stream, an error (HTTP, in-stream exception frame, broken connection, timeout), or
 * {@link #cancel()}. Listener calls never overlap (they are made under this object's lock). A
 * listener that throws from {@code onChunk} stops the stream: it gets no further chunk and one
 * non-retryable error saying so (as every provider does, see the testkit's conformance suite).
 */
public final class BedrockStream implements ConverseStreamResponseHandler, StreamHandle {

    private static final Logger LOG = LoggerFactory.getLogger(BedrockStream.class);

    private final StreamListener listener;
    private final String model;
    private final LongSupplier nanoClock;
    private final long started;
    private final boolean logBodies;
    private final StringBuilder text = new StringBuilder();
    private final long maxAnswerBytes;
    private long answerBytes;

    private volatile CompletableFuture<Void> future;
    private volatile Subscription subscription;
    private volatile boolean done;
    private String requestId;
    private FinishReason finishReason;
    private Usage usage = Usage.UNKNOWN;
    private Long latencyMs;

    /**
     * A stream delivering to {@code listener}.
     *
     * @param nanoClock the time source of the measured latency (injected for tests)
     */
    public BedrockStream(StreamListener listener, String model, LongSupplier nanoClock, boolean logBodies) {
        this(listener, model, nanoClock, logBodies, dev.duo.model.SelfHostedModel.DEFAULT_MAX_ANSWER_BYTES);
    }

    /**
     * A stream delivering to {@code listener} that ends with a non-retryable
     * {@link InvalidResponseException} once its text passes {@code maxAnswerBytes} (UTF-8).
     */
    public BedrockStream(StreamListener listener, String model, LongSupplier nanoClock, boolean logBodies,
                         long maxAnswerBytes) {
        this.maxAnswerBytes = maxAnswerBytes;
        this.listener = listener;
        this.model = model;
        this.nanoClock = nanoClock;
        this.started = nanoClock.getAsLong();
        this.logBodies = logBodies;
    }

    /** Binds the SDK's future, so that cancelling can abort the HTTP exchange and its failure is seen. */
    public void attach(CompletableFuture<Void> f) {
        this.future = f;
        f.whenComplete((ok, error) -> {
            if (error != null) {
                fail(BedrockErrors.map(error, model));
            } else {
                finish();
            }
        });
        if (done) {
            f.cancel(true); // cancelled before the future existed
        }
    }

    @Override
    public void responseReceived(ConverseStreamResponse response) {
        synchronized (this) {
            requestId = response.responseMetadata().requestId();
            if ("UNKNOWN".equals(requestId)) {
                requestId = null;
            }
        }
    }

    @Override
    public void onEventStream(SdkPublisher<ConverseStreamOutput> publisher) {
        publisher.subscribe(new Subscriber<>() {
            @Override
            public void onSubscribe(Subscription s) {
                subscription = s;
                if (done) {
                    s.cancel();
                } else {
                    s.request(Long.MAX_VALUE);
                }
            }

            @Override
            public void onNext(ConverseStreamOutput event) {
                try {
                    onEvent(event);
                } catch (RuntimeException | Error e) {
                    // Nothing may escape into the SDK's event-loop thread: the caller would never hear of it.
                    fail(new DuoException("the stream from Bedrock model '" + model + "' failed with "
                            + e.getClass().getSimpleName() + "; it was stopped", e, false, context()));
                }
            }

            @Override
            public void onError(Throwable t) {
                fail(BedrockErrors.map(t, model));
            }

            @Override
            public void onComplete() {
                // The terminal signal waits for complete() or the future: the SDK may still report an error.
            }
        });
    }

    private synchronized void onEvent(ConverseStreamOutput event) {
        if (done) {
            return;
        }
        if (logBodies && LOG.isDebugEnabled()) {
            LOG.debug("bedrock stream event for model '{}': {}", model,
                    dev.duo.spi.UntrustedText.sanitize(String.valueOf(event), 64 * 1024));
        }
        if (event instanceof ContentBlockDeltaEvent delta) {
            String piece = delta.delta() == null ? null : delta.delta().text();
            if (piece != null && piece.length() > ResponseSizeLimit.MAX_EVENT_BYTES) {
                failLocked(new InvalidResponseException("Bedrock's stream for model '" + model
                        + "' was refused: it sent a stream event larger than 1 MiB (the limit for one event)",
                        null, false, context()));
                return;
            }
            if (piece != null && !piece.isEmpty()) {
                answerBytes += utf8Length(piece);
                if (answerBytes > maxAnswerBytes) {
                    // What was held goes at once: the stream is refused, not kept.
                    text.setLength(0);
                    text.trimToSize();
                    failLocked(new InvalidResponseException("Bedrock's stream for model '" + model + "' was refused: it"
                            + " sent more than " + maxAnswerBytes + " bytes of text (the limit for a whole stream,"
                            + " max_answer_size)", null, false, context()));
                    return;
                }
                text.append(piece);
                try {
                    listener.onChunk(piece);
                } catch (RuntimeException | Error e) {
                    LOG.warn("a stream listener for Bedrock model '{}' threw from onChunk; stopping the stream", model, e);
                    failLocked(new DuoException("the stream listener threw " + e.getClass().getSimpleName()
                            + "; the stream from Bedrock model '" + model + "' was stopped", e, false, context()));
                }
            }
        } else if (event instanceof MessageStopEvent stop) {
            finishReason = ConverseMapper.finishReason(stop.stopReason());
        } else if (event instanceof ConverseStreamMetadataEvent meta) {
            usage = ConverseMapper.usage(meta.usage());
            if (meta.metrics() != null) {
                latencyMs = meta.metrics().latencyMs();
            }
        }
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isHighSurrogate(c) ? 2 : 3; // a pair counts 2 + 2
        }
        return n;
    }

    @Override
    public void exceptionOccurred(Throwable throwable) {
        fail(BedrockErrors.map(throwable, model));
    }

    @Override
    public void complete() {
        finish();
    }

    private void finish() {
        Completion completion;
        synchronized (this) {
            if (done) {
                return;
            }
            if (finishReason == null) {
                // The stream ended without messageStop: the answer is cut short, and a retry may get it whole.
                failLocked(new InvalidResponseException("Bedrock's stream for model '" + model
                        + "' ended before its messageStop event", null, true, context()));
                return;
            }
            done = true;
            Duration latency = latencyMs != null ? Duration.ofMillis(latencyMs)
                    : Duration.ofNanos(nanoClock.getAsLong() - started);
            completion = Completion.builder().text(text.toString()).finishReason(finishReason).usage(usage)
                    .latency(latency).requestId(requestId).build();
            try {
                listener.onComplete(completion);
            } catch (RuntimeException e) {
                LOG.warn("a stream listener for Bedrock model '{}' threw from onComplete", model, e);
            }
        }
    }

    private void fail(DuoException error) {
        synchronized (this) {
            failLocked(error);
        }
    }

    private void failLocked(DuoException error) {
        if (done) {
            return;
        }
        done = true;
        abort();
        try {
            listener.onError(error);
        } catch (RuntimeException e) {
            LOG.warn("a stream listener for Bedrock model '{}' threw from onError", model, e);
        }
    }

    private ErrorContext context() {
        return ErrorContext.builder().provider(BedrockErrors.PROVIDER).model(model).requestId(requestId).build();
    }

    @Override
    public void cancel() {
        if (done) {
            return;
        }
        fail(new CancelledException("The stream from Bedrock model '" + model + "' was cancelled by the caller",
                null, context()));
    }

    private void abort() {
        Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        CompletableFuture<Void> f = future;
        if (f != null && !f.isDone()) {
            f.cancel(true);
        }
    }

    @Override
    public boolean isDone() {
        return done;
    }
}
