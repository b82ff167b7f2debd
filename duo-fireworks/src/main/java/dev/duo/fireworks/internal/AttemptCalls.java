package dev.duo.fireworks.internal;

import dev.duo.model.Timeouts;
import dev.duo.spi.Attempt;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * OkHttp calls for one model's attempts, made the way {@link OpenAiClient} makes its own, for the
 * other providers built on this module's HTTP client (Vertex AI, the AI gateway): the blocking and
 * streaming views of the model's client ({@link OkHttpFactory#forBlocking}, {@link OkHttpFactory#forStreams}),
 * each call bounded by its {@link Attempt} (a blocking attempt's whole budget as OkHttp's call
 * timeout; a stream's first byte by the read timeout, its events by {@code idle}, which the stream
 * sets on the body) and cancelled through the attempt's cancel signal.
 *
 * <pre>{@code
 * AttemptCalls calls = new AttemptCalls(http, ctx.model().timeouts());
 * Call call = calls.newCall(request, false, attempt);
 * try (Response r = call.execute()) { ... }
 * }</pre>
 */
public final class AttemptCalls {

    private final OkHttpClient blockingHttp;
    private final OkHttpClient streamHttp;
    private final Timeouts modelTimeouts;

    /**
     * @param http the model's view of the provider's shared client (proxy, trust store, interceptors)
     * @param modelTimeouts the model's configured deadlines (the views made once for them)
     */
    public AttemptCalls(OkHttpClient http, Timeouts modelTimeouts) {
        this.modelTimeouts = Objects.requireNonNull(modelTimeouts, "modelTimeouts");
        this.blockingHttp = OkHttpFactory.forBlocking(http, modelTimeouts);
        this.streamHttp = OkHttpFactory.forStreams(http, modelTimeouts);
    }

    /** A call for {@code request} with the attempt's deadlines, cancelled when the attempt is. */
    public Call newCall(Request request, boolean stream, Attempt attempt) {
        return prepare(http(stream, attempt.timeouts()).newCall(request), stream, attempt);
    }

    /**
     * The same request again on a new connection, when {@code failed} found its pooled connection
     * dead before writing anything ({@code StaleConnections}); null when it is to fail as it did.
     */
    public static Call replay(Call failed, boolean stream, Attempt attempt, int replays) {
        if (!StaleConnections.takeStale(failed) || replays >= StaleConnections.MAX_REPLAYS || attempt.isCancelled()) {
            return null;
        }
        return prepare(failed.clone(), stream, attempt);
    }

    /** {@code call} with the attempt's budget (a blocking one) and cancelled with the attempt. */
    static Call prepare(Call call, boolean stream, Attempt attempt) {
        if (!stream) {
            // The attempt's budget, already cut to what is left of the call's total: OkHttp ends a
            // stalled blocking attempt itself. A stream's first byte is timed by its read timeout
            // and the runtime, so that a long answer is not cut.
            call.timeout().timeout(attempt.timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        attempt.onCancel(new CancelsCall(call));
        return call;
    }

    /** The view with these deadlines: the model's own (made once), or a call's overrides. */
    private OkHttpClient http(boolean stream, Timeouts t) {
        boolean own = t.connect().equals(modelTimeouts.connect()) && (!stream || t.attempt().equals(modelTimeouts.attempt()));
        if (own) {
            return stream ? streamHttp : blockingHttp;
        }
        return stream ? OkHttpFactory.forStreams(streamHttp, t) : OkHttpFactory.forBlocking(blockingHttp, t);
    }
}
