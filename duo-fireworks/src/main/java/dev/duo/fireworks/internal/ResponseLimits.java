package dev.duo.fireworks.internal;

import java.io.IOException;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * The most this client reads from a server: 8 MiB for a whole answer, 1 MiB for one streamed event.
 * A model's real answer is far smaller (100k tokens of text is under 1 MiB); anything larger is a
 * misbehaving server or proxy, and reading it all would let one call exhaust the heap of the
 * service that embeds the SDK. A stream is bounded twice: each event, and the sum of everything it
 * sends (events, comments and keep-alives alike), at the model's {@code max_answer_size}.
 */
public final class ResponseLimits {

    static final long MAX_BODY_BYTES = 8L * 1024 * 1024;
    static final long MAX_EVENT_BYTES = 1024L * 1024;

    private ResponseLimits() {
    }

    /** The body as UTF-8 text, refusing to read more than {@link #MAX_BODY_BYTES}. */
    public static String read(ResponseBody body) throws IOException {
        return read(body, MAX_BODY_BYTES);
    }

    /** The body as UTF-8 text, refusing to read more than {@code max} bytes (the model's max_answer_size). */
    public static String read(ResponseBody body, long max) throws IOException {
        return atMost(body, max).readUtf8();
    }

    /** The body's bytes, refusing to read more than {@code max} bytes (the model's max_answer_size). */
    public static byte[] readBytes(ResponseBody body, long max) throws IOException {
        return atMost(body, max).readByteArray();
    }

    /** The body's source, all of it buffered, once it is known to hold at most {@code max} bytes. */
    private static BufferedSource atMost(ResponseBody body, long max) throws IOException {
        BufferedSource source = body.source();
        if (source.request(max + 1)) {
            throw new TooLarge("an answer larger than " + mib(max) + " (the limit for a whole answer, max_answer_size)");
        }
        return source;
    }

    static String mib(long bytes) {
        return bytes % (1024 * 1024) == 0 ? (bytes / (1024 * 1024)) + " MiB"
                : bytes % 1024 == 0 ? (bytes / 1024) + " KiB" : bytes + " bytes";
    }

    /** The server sent more than a limit allows; mapped to a non-retryable InvalidResponseException. */
    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        public TooLarge(String what) {
            super(what);
        }
    }
}
