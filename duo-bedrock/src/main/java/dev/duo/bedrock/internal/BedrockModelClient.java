package dev.duo.bedrock.internal;

import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.model.Timeouts;
import dev.duo.spi.Attempt;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;

/**
 * The {@link ModelClient} of one Bedrock model: Converse on the shared sync SDK client for
 * {@link #complete}, ConverseStream on the shared async SDK client for {@link #stream}. One attempt
 * per call; the SDK clients belong to the provider, so {@link #close()} releases nothing shared.
 */
public final class BedrockModelClient implements ModelClient {

    private static final Logger LOG = LoggerFactory.getLogger(BedrockModelClient.class);

    private final BedrockSettings settings;
    private final AwsSdkClientCache clients;
    private final LongSupplier nanoClock;
    private final ConverseMapper mapper;
    // the provider's shared SDK clients, looked up once (a lookup hashes the whole ClientKey)
    private volatile BedrockRuntimeClient sync;
    private volatile BedrockRuntimeAsyncClient asyncWhole;
    private volatile boolean closed;

    /** A client for one model, on the provider's shared SDK clients. */
    public BedrockModelClient(BedrockSettings settings, AwsSdkClientCache clients, LongSupplier nanoClock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        Timeouts t = settings.key().timeouts();
        this.mapper = new ConverseMapper(settings.modelId(), AwsSdkClientCache.wholeAnswerDeadline(t),
                AwsSdkClientCache.streamDeadline(t));
    }

    @Override
    public Completion complete(ModelRequest request, Attempt attempt) {
        checkOpen();
        // The attempt's budget bounds the SDK call and its one attempt: the runtime already cut it
        // to what is left of the call's total.
        ConverseRequest req = mapper.converse(request, attempt.timeout());
        logBody("request", req);
        long start = nanoClock.getAsLong();
        ConverseResponse res;
        try {
            res = SyncTransport.converse(attempt, sync(), req);
        } catch (RuntimeException e) {
            throw cancelledOr(attempt, BedrockErrors.map(e, settings.modelName()));
        }
        return completion(res, start);
    }

    @Override
    public CompletableFuture<Completion> completeAsync(ModelRequest request, Attempt attempt) {
        checkOpen();
        ConverseRequest req = mapper.converse(request, attempt.timeout());
        logBody("request", req);
        long start = nanoClock.getAsLong();
        CompletableFuture<ConverseResponse> f;
        try {
            f = asyncWhole().converse(req);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(BedrockErrors.map(e, settings.modelName()));
        }
        // Cancelling the SDK's future aborts its HTTP exchange.
        attempt.onCancel(() -> f.cancel(true));
        return f.handle((res, error) -> {
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                throw cancelledOr(attempt, BedrockErrors.map(cause, settings.modelName()));
            }
            return completion(res, start);
        });
    }

    private BedrockRuntimeClient sync() {
        BedrockRuntimeClient c = sync;
        if (c == null) {
            c = clients.sync(settings.key());
            sync = c;
        }
        return c;
    }

    private BedrockRuntimeAsyncClient asyncWhole() {
        BedrockRuntimeAsyncClient c = asyncWhole;
        if (c == null) {
            c = clients.asyncWhole(settings.key());
            asyncWhole = c;
        }
        return c;
    }

    private DuoException cancelledOr(Attempt attempt, DuoException mapped) {
        return attempt.cancelReason().orElse(mapped);
    }

    private Completion completion(ConverseResponse res, long start) {
        logBody("response", res);
        String text = res.output() == null || res.output().message() == null ? ""
                : text(res.output().message().content());
        Duration latency = res.metrics() != null && res.metrics().latencyMs() != null
                ? Duration.ofMillis(res.metrics().latencyMs()) : Duration.ofNanos(nanoClock.getAsLong() - start);
        String requestId = res.responseMetadata().requestId();
        return Completion.builder().text(text).finishReason(ConverseMapper.finishReason(res.stopReason()))
                .usage(ConverseMapper.usage(res.usage())).latency(latency)
                .requestId("UNKNOWN".equals(requestId) ? null : requestId).build();
    }

    /** The text blocks joined; the usual single block without a copy. */
    static String text(java.util.List<ContentBlock> blocks) {
        if (blocks.size() == 1) {
            String t = blocks.get(0).text();
            return t == null ? "" : t;
        }
        StringBuilder sb = new StringBuilder();
        for (ContentBlock b : blocks) {
            if (b.text() != null) {
                sb.append(b.text());
            }
        }
        return sb.toString();
    }

    @Override
    public StreamHandle stream(ModelRequest request, Attempt attempt, StreamListener listener) {
        Objects.requireNonNull(listener, "listener");
        checkOpen();
        Timeouts t = attempt.timeouts();
        BedrockStream stream = new BedrockStream(listener, settings.modelName(), nanoClock, settings.key().requestLogging(),
                settings.maxAnswerBytes());
        try {
            // A stream's wait for its first event is the runtime's to time (its read timeout is the
            // idle timeout): the SDK only bounds the whole stream by the call's total.
            ConverseStreamRequest req = mapper.converseStream(request, t.total());
            logBody("stream request", req);
            CompletableFuture<Void> f = clients.async(settings.key()).converseStream(req, stream);
            stream.attach(f);
        } catch (RuntimeException e) {
            DuoException mapped = BedrockErrors.map(e, settings.modelName());
            stream.exceptionOccurred(mapped);
        }
        attempt.onCancel(stream::cancel);
        return stream;
    }

    private void logBody(String what, Object body) {
        if (settings.key().requestLogging() && LOG.isDebugEnabled()) {
            // The SDK's toString of a request or response holds the conversation, never a credential.
            LOG.debug("bedrock {} for model '{}': {}", what, settings.modelName(),
                    dev.duo.spi.UntrustedText.sanitize(String.valueOf(body), 64 * 1024));
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new DuoException("the Bedrock client for model '" + settings.modelName() + "' is closed");
        }
        if (clients.isClosed()) {
            throw new DuoException("the Bedrock client for model '" + settings.modelName()
                    + "' is closed (its DuoClient was closed)");
        }
    }

    @Override
    public void close() {
        // Only this client stops: the SDK clients are shared by every model with the same settings
        // and the provider closes them.
        closed = true;
    }
}
