package dev.duo.gateway.internal;

import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.spi.Attempt;
import dev.duo.fireworks.internal.AttemptCalls;
import dev.duo.fireworks.internal.ResponseLimits;
import dev.duo.fireworks.internal.WireLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streamed answer of the prompt API, run on OkHttp's dispatcher as duo-fireworks' streams are:
 * the body is the model's text itself, sent as it is generated ({@code text/event-stream} in name
 * only: there is no SSE framing), so every read is handed to the listener at once, decoded as UTF-8
 * across read boundaries. The end of the body (chunked encoding's last chunk) completes the answer;
 * a connection that drops before it is a retryable error, as the gateway drops it when the model
 * fails mid-answer. Exactly one terminal signal, whatever happens; listener calls never overlap.
 */
final class GatewayStream implements Callback, StreamHandle {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayStream.class);
    private static final long MAX_ERROR_BODY = 64 * 1024;
    /** The most text one answer may hold (as for a whole answer): a stream that never ends is cut by its deadline. */
    static final int MAX_TEXT_CHARS = 8 * 1024 * 1024;
    private static final int READ = 8192;

    private volatile Call call;
    private final Attempt attempt;
    private int replays;
    private final dev.duo.spi.PromptCall prompt;
    private final StreamListener listener;
    private final GatewayErrors errors;
    private final WireLog wire;
    private final String model;
    private final String sentId;
    private final long start = System.nanoTime();
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile boolean cancelled;

    GatewayStream(Call call, dev.duo.spi.PromptCall prompt, StreamListener listener, GatewayErrors errors, WireLog wire,
            String model, String sentId, Attempt attempt) {
        this.call = call;
        this.attempt = attempt;
        this.prompt = prompt;
        this.listener = listener;
        this.errors = errors;
        this.wire = wire;
        this.model = model;
        this.sentId = sentId;
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
        wire.failure(c.request(), e);
        fail(errors.fromIOException(e, cancelled, false, model, sentId));
    }

    @Override
    public void onResponse(Call c, Response response) {
        String requestId = GatewayErrors.requestId(response.headers(), sentId);
        try (response) {
            wire.response(response, (System.nanoTime() - start) / 1_000_000);
            if (!response.isSuccessful()) {
                String body = response.peekBody(MAX_ERROR_BODY).string();
                wire.responseBody(body);
                fail(errors.fromStatus(response.code(), response.headers(), body, prompt, model, requestId));
                return;
            }
            ResponseBody body = response.body();
            // Headers came within the attempt's read timeout; from here on, reads wait at most idle.
            body.source().timeout().timeout(attempt.timeouts().idle().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            MediaType type = body.contentType();
            if (type != null && type.subtype().contains("json")) {
                // Answered whole although a stream was asked for: one chunk.
                String whole = ResponseLimits.read(body);
                wire.responseBody(whole);
                Completion answer = GatewayClient.whole(whole, errors, response.code(), model, requestId, start);
                if (!answer.text().isEmpty() && !chunk(answer.text())) {
                    return;
                }
                body.close();   // the connection goes back to the pool before the listener hears of the end
                complete(answer);
                return;
            }
            if (type == null || !type.subtype().equals("event-stream")) {
                fail(errors.malformed("a " + type + " answer where the prompt API streams text/event-stream", null,
                        response.code(), model, requestId));
                return;
            }
            readText(body.source(), requestId);
        } catch (ResponseLimits.TooLarge e) {
            call.cancel();
            fail(errors.malformed(e.getMessage(), null, response.code(), model, requestId));
        } catch (CharacterCodingException e) {
            call.cancel();
            fail(errors.malformed("a stream that is not UTF-8 text", e, response.code(), model, requestId));
        } catch (IOException e) {
            wire.failure(c.request(), e);
            fail(errors.fromIOException(e, cancelled, true, model, requestId));
        } catch (DuoException e) {
            fail(e);
        } catch (RuntimeException e) {
            fail(errors.malformed("an answer that could not be read (" + e.getClass().getSimpleName() + ")", e,
                    response.code(), model, requestId));
        }
    }

    private void readText(BufferedSource source, String requestId) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(READ + 8);
        CharBuffer out = CharBuffer.allocate(READ + 8);
        byte[] bytes = new byte[READ];
        StringBuilder text = new StringBuilder();
        int n;
        while ((n = source.read(bytes)) != -1) {
            in.put(bytes, 0, n).flip();
            decode(utf8, in, out, false);
            in.compact();
            if (!emit(out, text)) {
                return;
            }
        }
        in.flip();
        decode(utf8, in, out, true);
        CoderResult end = utf8.flush(out);
        if (end.isError() || in.hasRemaining()) {
            throw new CharacterCodingException();
        }
        if (!emit(out, text)) {
            return;
        }
        if (cancelled) {
            fail(errors.fromIOException(new IOException("Canceled"), true, true, model, requestId));
            return;
        }
        source.close();   // the connection goes back to the pool before the listener hears of the end
        complete(GatewayClient.completion(text.toString(), requestId, start));
    }

    private static void decode(CharsetDecoder utf8, ByteBuffer in, CharBuffer out, boolean last) throws CharacterCodingException {
        CoderResult r = utf8.decode(in, out, last);
        if (r.isError()) {
            r.throwException();
        }
    }

    /** Hands what was decoded to the listener; false when the stream has ended (listener threw). */
    private boolean emit(CharBuffer out, StringBuilder text) throws IOException {
        out.flip();
        String piece = out.toString();
        out.clear();
        if (piece.isEmpty()) {
            return true;
        }
        if (text.length() + piece.length() > MAX_TEXT_CHARS) {
            throw new ResponseLimits.TooLarge("a streamed answer longer than " + MAX_TEXT_CHARS / (1024 * 1024)
                    + " Mi characters (the limit for one answer)");
        }
        wire.event(piece);
        text.append(piece);
        return chunk(piece);
    }

    private boolean chunk(String piece) {
        try {
            listener.onChunk(piece);
            return true;
        } catch (RuntimeException e) {
            call.cancel();
            fail(new DuoException("the stream listener threw " + e.getClass().getSimpleName()
                    + "; the stream was stopped", e, false, dev.duo.ErrorContext.NONE));
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
