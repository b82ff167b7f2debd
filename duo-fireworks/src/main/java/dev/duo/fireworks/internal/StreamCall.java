package dev.duo.fireworks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duo.CancelledException;
import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.FinishReason;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.Usage;
import dev.duo.spi.Attempt;
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
 * One streamed answer, run on OkHttp's dispatcher (or on the caller's thread, {@link #runHere}):
 * reads SSE events as they arrive, hands each piece of text to the listener at once, and ends with
 * exactly one terminal signal, whatever happens (errors, cancel, a listener that throws). All
 * listener calls come from the one thread that runs the callback (OkHttp's, or the caller's), so
 * they never overlap; {@link #cancel()} only cancels the call and lets that thread deliver the
 * {@link CancelledException}.
 */
final class StreamCall implements Callback, StreamHandle {

    private static final Logger LOG = LoggerFactory.getLogger(StreamCall.class);
    private static final long MAX_ERROR_BODY = 64 * 1024;

    private volatile Call call;
    private final Attempt attempt;
    private final Duration idle;
    private int replays;
    private final StreamListener listener;
    private final ErrorMapper errors;
    private final WireLog wire;
    private final OpenAiClient client;
    private final long start = System.nanoTime();
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile boolean cancelled;
    private volatile Thread reader;   // the caller's thread that runs this stream (runHere), else null

    StreamCall(Call call, StreamListener listener, ErrorMapper errors, WireLog wire, OpenAiClient client, Attempt attempt) {
        this.call = call;
        this.attempt = attempt;
        this.idle = attempt.timeouts().idle();
        this.listener = listener;
        this.errors = errors;
        this.wire = wire;
        this.client = client;
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

    /** Runs the stream on OkHttp's dispatcher. */
    void enqueue() {
        call.enqueue(this);
    }

    /**
     * Runs the stream on this thread ({@code ModelClient.streamHere}): the exchange, then the events,
     * as the dispatcher would run them, so every signal is delivered here, unless a stale pooled
     * connection makes it replay, enqueued. A cancel or deadline aborts the call from another thread.
     */
    void runHere() {
        reader = Thread.currentThread();
        Response response;
        try {
            response = call.execute();
        } catch (IOException e) {
            onFailure(call, e);
            return;
        } catch (RuntimeException | Error e) {
            // as OkHttp's dispatcher turns it into a failure of the call (its AsyncCall), so that the
            // listener, and the replica's lease with it, hears of the end
            call.cancel();
            IOException failed = new IOException("canceled due to " + e.getClass().getName(), e);
            onFailure(call, failed);
            return;
        }
        onResponse(call, response);
    }

    /**
     * Whether the stream was cancelled, or its caller's thread, reading it, was interrupted: the read
     * then fails (Okio's {@code InterruptedIOException}, a virtual thread's closed socket), which is
     * the caller's doing, not the server's.
     */
    private boolean cancelledHere() {
        Thread r = reader;
        return cancelled || r != null && r == Thread.currentThread() && r.isInterrupted();
    }

    @Override
    public void onFailure(Call c, IOException e) {
        Call again = cancelledHere() ? null : AttemptCalls.replay(c, true, attempt, replays++);
        if (again != null) {
            call = again;
            again.enqueue(this);
            return;
        }
        wire.failure(c.request(), e);
        fail(errors.fromIOException(e, cancelledHere(), false, null));
    }

    @Override
    public void onResponse(Call c, Response response) {
        String requestId = ErrorMapper.requestId(response.headers());
        try (response) {
            wire.response(response, (System.nanoTime() - start) / 1_000_000);
            if (!response.isSuccessful()) {
                String body = response.peekBody(MAX_ERROR_BODY).string();
                wire.responseBody(body);
                fail(client.statusError(response.code(), response.headers(), body));
                return;
            }
            ResponseBody body = response.body();
            // Headers came within the attempt's read timeout; from here on, reads wait at most idle.
            body.source().timeout().timeout(idle.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            if (eventStream(response.header("Content-Type"))) {
                readEvents(body, requestId);
                return;
            }
            MediaType type = body.contentType();
            if (type != null && type.subtype().contains("json")) {
                // A server that ignored "stream": true answered whole: deliver it as one chunk.
                String whole = ResponseLimits.read(body, client.maxAnswerBytes());
                wire.responseBody(whole);
                Completion answer = client.parseWhole(whole, response.code(), requestId, start);
                if (!answer.text().isEmpty() && !chunk(answer.text())) {
                    return;
                }
                body.close();   // before the listener hears of it: see readEvents
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
            wire.failure(c.request(), e);
            fail(errors.fromIOException(e, cancelledHere(), true, requestId));
        } catch (DuoException e) {
            fail(e);
        } catch (RuntimeException e) {
            fail(errors.malformed("an answer that could not be read (" + e.getClass().getSimpleName() + ")", e,
                    response.code(), requestId));
        } catch (Error e) {
            // Never let an Error die silently in OkHttp's dispatcher thread: the caller would wait for a
            // terminal signal that never comes and then see a misleading idle timeout.
            call.cancel();
            fail(new DuoException("the stream from " + ErrorMapper.label(client.platform()) + " failed with "
                    + e.getClass().getSimpleName() + "; it was stopped", e, false, errors.context(response.code(), requestId).build()));
        }
    }

    /**
     * Whether the answer's type is the usual {@code text/event-stream} (with parameters or none), known
     * without OkHttp's media type parse (a regular expression); anything else takes that parse.
     */
    static boolean eventStream(String contentType) {
        return contentType != null && contentType.regionMatches(true, 0, "text/event-stream", 0, 17)
                && (contentType.length() == 17 || contentType.charAt(17) == ';' || contentType.charAt(17) == ' ');
    }

    private void readEvents(ResponseBody body, String requestId) throws IOException {
        SseReader events = new SseReader(body.source(), client.maxAnswerBytes());
        StringBuilder text = new StringBuilder();
        String finish = null;
        Usage usage = null;
        String bodyId = null;
        boolean sawDone = false;
        String data;
        while ((data = events.next()) != null) {
            wire.event(data);
            if (data.strip().equals("[DONE]")) {
                sawDone = true;
                break;
            }
            if (data.isBlank()) {
                continue;
            }
            // From its UTF-8 bytes: AnswerScanner reads an ordinary chunk without Jackson's parser.
            Answers.Whole read = Answers.whole(data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (read != null) {
                // An ordinary chunk, read without a tree (the tree read below keeps the odd ones).
                if (bodyId == null) {
                    bodyId = read.id();
                }
                if (read.usage() != null) {
                    usage = read.usage();
                }
                if (!read.text().isEmpty()) {
                    text.append(read.text());
                    if (!chunk(read.text())) {
                        return;
                    }
                }
                if (read.finishWire() != null) {
                    finish = read.finishWire();
                }
                continue;
            }
            JsonNode event;
            try {
                event = RequestBodies.JSON.readTree(data);
            } catch (IOException e) {
                fail(errors.malformed("a stream event that is not JSON", e, 200, requestId));
                return;
            }
            if (event == null || !event.isObject()) {
                fail(errors.malformed("a stream event that is not a JSON object", null, 200, requestId));
                return;
            }
            if (event.has("error")) {
                fail(errors.fromStreamError(event.get("error"), requestId));
                return;
            }
            if (bodyId == null && event.hasNonNull("id")) {
                bodyId = event.get("id").asText();
            }
            Usage u = Answers.usage(event.get("usage"));
            if (u != null) {
                usage = u;
            }
            JsonNode choices = event.get("choices");
            if (choices != null && choices.isArray() && !choices.isEmpty()) {
                JsonNode choice = choices.get(0);
                if (!choice.isObject()) {
                    fail(errors.malformed("a stream event whose choice is not a JSON object", null, 200, requestId));
                    return;
                }
                String piece = Answers.text(choice);
                if (!piece.isEmpty()) {
                    text.append(piece);
                    if (!chunk(piece)) {
                        return;
                    }
                }
                String f = Answers.finishWire(choice);
                if (f != null) {
                    finish = f;
                }
            }
        }
        if (cancelled) {
            fail(errors.fromIOException(new IOException("Canceled"), true, true, requestId));
            return;
        }
        if (!sawDone && finish == null) {
            fail(errors.truncated(requestId));
            return;
        }
        if (finish == null && text.length() == 0) {
            // [DONE] after nothing at all (only empty choices): not an empty answer, a broken one.
            fail(errors.malformed("a stream that ended ([DONE]) without any text or finish_reason", null, 200, requestId));
            return;
        }
        Completion answer = Completion.builder()
                .text(text.toString())
                .finishReason(finish == null ? FinishReason.OTHER : Answers.finishReason(finish))
                .usage(usage == null ? Usage.UNKNOWN : usage)
                .latency(Duration.ofNanos(System.nanoTime() - start))
                .requestId(requestId != null ? requestId : bodyId)
                .build();
        // The connection goes back to the pool before the listener hears of the end: a caller that
        // starts its next stream at once then finds it idle instead of opening a new one.
        body.close();
        complete(answer);
    }

    /** Delivers a chunk; false (and the stream ended) when the listener threw. */
    private boolean chunk(String piece) {
        try {
            listener.onChunk(piece);
            return true;
        } catch (RuntimeException | Error e) {
            call.cancel();
            fail(OpenAiClient.listenerFailed(e));
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
