package dev.duo.vertex.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duo.CancelledException;
import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.spi.Attempt;
import dev.duo.fireworks.internal.AttemptCalls;
import dev.duo.fireworks.internal.ErrorMapper;
import dev.duo.fireworks.internal.ResponseLimits;
import dev.duo.fireworks.internal.SseReader;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streamed Vertex AI answer on OkHttp's dispatcher, as the OpenAI-compatible provider streams:
 * SSE events read as they arrive (the same {@link SseReader} and limits), each piece of text handed
 * to the listener at once, exactly one terminal signal whatever happens. All listener calls come
 * from the one callback thread; {@link #cancel()} only cancels the call.
 */
final class VertexStream implements Callback, StreamHandle {

    private static final Logger LOG = LoggerFactory.getLogger(VertexStream.class);
    private static final long MAX_ERROR_BODY = 64 * 1024;

    private volatile Call call;
    private final Attempt attempt;
    private int replays;
    private final StreamListener listener;
    private final VertexClient client;
    private final VertexErrors errors;
    private final long start = System.nanoTime();
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile boolean cancelled;

    VertexStream(Call call, StreamListener listener, VertexClient client, Attempt attempt) {
        this.call = call;
        this.attempt = attempt;
        this.listener = listener;
        this.client = client;
        this.errors = client.errors();
    }

    @Override
    public void cancel() {
        if (!done.get()) {
            cancelled = true;
            call.cancel();
        }
    }

    @Override
    public boolean isDone() {
        return done.get();
    }

    @Override
    public void onFailure(Call c, IOException e) {
        Call again = cancelled ? null : AttemptCalls.replay(c, true, attempt, replays++);
        if (again != null) {
            call = again;
            again.enqueue(this);
            return;
        }
        client.wire().failure(c.request(), e);
        fail(errors.fromIOException(e, cancelled, false, null));
    }

    @Override
    public void onResponse(Call c, Response response) {
        String requestId = ErrorMapper.requestId(response.headers());
        try (response) {
            client.wire().response(response, (System.nanoTime() - start) / 1_000_000);
            if (!response.isSuccessful()) {
                String body = response.peekBody(MAX_ERROR_BODY).string();
                client.wire().responseBody(body);
                fail(errors.fromStatus(response.code(), response.headers(), body));
                return;
            }
            ResponseBody body = response.body();
            // Headers came within the attempt's read timeout; from here on, reads wait at most idle.
            body.source().timeout().timeout(attempt.timeouts().idle().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            MediaType type = body.contentType();
            if (type != null && type.subtype().contains("json")) {
                // An answer sent whole (a proxy that buffered the stream): deliver it as one chunk.
                String whole = ResponseLimits.read(body, client.maxAnswerBytes());
                client.wire().responseBody(whole);
                Completion answer = client.parseWhole(whole, response.code(), requestId, start);
                if (!answer.text().isEmpty() && !chunk(answer.text())) {
                    return;
                }
                body.close();   // the connection goes back to the pool before the listener hears of the end
                complete(answer);
                return;
            }
            if (type != null && !type.subtype().equals("event-stream")) {
                fail(errors.malformed("a " + type + " answer where an event stream was expected", null,
                        response.code(), requestId));
                return;
            }
            readEvents(body, requestId);
        } catch (ResponseLimits.TooLarge e) {
            call.cancel();
            fail(errors.malformed(e.getMessage(), null, response.code(), requestId));
        } catch (IOException e) {
            client.wire().failure(c.request(), e);
            fail(errors.fromIOException(e, cancelled, true, requestId));
        } catch (DuoException e) {
            fail(e);
        } catch (RuntimeException e) {
            fail(errors.malformed("an answer that could not be read (" + e.getClass().getSimpleName() + ")", e,
                    response.code(), requestId));
        } catch (Error e) {
            // Never let an Error die silently in OkHttp's dispatcher thread: the caller would wait for a
            // terminal signal that never comes.
            call.cancel();
            fail(new DuoException("the stream from Vertex AI failed with " + e.getClass().getSimpleName()
                    + "; it was stopped", e, false, errors.common().context(response.code(), requestId).build()));
        }
    }

    private void readEvents(ResponseBody body, String requestId) throws IOException {
        SseReader events = new SseReader(body.source(), client.maxAnswerBytes());
        VertexProtocol.StreamDecoder decoder = client.protocol().decoder();
        StringBuilder text = new StringBuilder();
        String data;
        while ((data = events.next()) != null) {
            client.wire().event(data);
            if (data.isBlank()) {
                continue;
            }
            JsonNode event;
            try {
                event = VertexProtocol.JSON.readTree(data);
            } catch (IOException e) {
                fail(errors.malformed("a stream event that is not JSON", e, 200, requestId));
                return;
            }
            if (event == null || !event.isObject()) {
                fail(errors.malformed("a stream event that is not a JSON object", null, 200, requestId));
                return;
            }
            if (event.has("error") && event.get("error").isObject()) {
                fail(errors.fromStreamError(event.get("error"), requestId));
                return;
            }
            String piece;
            try {
                piece = decoder.accept(event);
            } catch (IllegalArgumentException e) {
                fail(errors.malformed(e.getMessage(), null, 200, requestId));
                return;
            }
            if (!piece.isEmpty()) {
                text.append(piece);
                if (!chunk(piece)) {
                    return;
                }
            }
        }
        if (cancelled) {
            fail(errors.fromIOException(new IOException("Canceled"), true, true, requestId));
            return;
        }
        if (!decoder.finished()) {
            fail(errors.truncated(requestId));
            return;
        }
        Completion r = decoder.result().text(text.toString()).build();
        body.close();   // the connection goes back to the pool before the listener hears of the end
        complete(r.toBuilder().latency(Duration.ofNanos(System.nanoTime() - start))
                .requestId(requestId != null ? requestId : r.requestId().orElse(null)).build());
    }

    /** Delivers a chunk; false (and the stream ended) when the listener threw. */
    private boolean chunk(String piece) {
        try {
            listener.onChunk(piece);
            return true;
        } catch (RuntimeException | Error e) {
            call.cancel();
            fail(VertexClient.listenerFailed(e));
            return false;
        }
    }

    private void complete(Completion completion) {
        if (done.compareAndSet(false, true)) {
            try {
                listener.onComplete(completion);
            } catch (RuntimeException e) {
                LOG.warn("a stream listener threw from onComplete; the stream had already ended", e);
            }
        }
    }

    private void fail(DuoException error) {
        if (done.compareAndSet(false, true)) {
            try {
                listener.onError(error);
            } catch (RuntimeException e) {
                LOG.warn("a stream listener threw from onError; the stream had already ended", e);
            }
        }
    }
}
