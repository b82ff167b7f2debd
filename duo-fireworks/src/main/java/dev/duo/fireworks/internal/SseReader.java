package dev.duo.fireworks.internal;

import java.io.IOException;
import okio.BufferedSource;

/**
 * Reads Server-Sent Events from a source line by line as bytes arrive, returning each event's
 * data. Nothing is buffered beyond the current event, so the first chunk of an answer reaches the
 * caller while the rest is still being generated.
 *
 * <p>Tolerant of what OpenAI-compatible servers actually send: comment and keep-alive lines
 * ({@code :}), {@code data:} with or without the space, CRLF line ends, events split across reads,
 * multi-line data (joined with {@code \n}), other fields ({@code event:}, {@code id:}) ignored, and
 * a last event not followed by a blank line. An event (or line) over
 * {@link ResponseLimits#MAX_EVENT_BYTES}, or a stream over its total limit, ends it with
 * {@link ResponseLimits.TooLarge}.
 */
public final class SseReader {

    private final BufferedSource source;
    private final long maxTotalBytes;
    private final StringBuilder data = new StringBuilder();
    private String single;      // the event's one data line so far (null once a second line joined it into data)
    private boolean hasData;
    private long consumed;

    public SseReader(BufferedSource source) {
        this(source, ResponseLimits.MAX_BODY_BYTES);
    }

    /** A reader that refuses a stream sending more than {@code maxTotalBytes} in all (comments included). */
    public SseReader(BufferedSource source, long maxTotalBytes) {
        this.source = source;
        this.maxTotalBytes = maxTotalBytes;
    }

    /** The bytes read so far, comments and keep-alives included. */
    long consumed() {
        return consumed;
    }

    /** The next event's data, blocking until it is complete; null at the end of the stream. */
    public String next() throws IOException {
        while (true) {
            String line = nextLine();
            if (line == null) {
                return hasData ? take() : null;
            }
            if (line.endsWith("\r")) {
                // A bare CR before the LF that okio did not strip (\r\r\n and the like).
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty()) {
                if (hasData) {
                    return take();
                }
                continue;
            }
            if (line.charAt(0) == ':') {
                continue; // comment / keep-alive
            }
            int colon = line.indexOf(':');
            if (colon < 0 ? !line.equals("data") : colon != 4 || !line.startsWith("data")) {
                continue; // event:, id:, retry: carry nothing we use
            }
            int from = colon < 0 ? line.length() : colon + 1;
            if (from < line.length() && line.charAt(from) == ' ') {
                from++;
            }
            String value = line.substring(from);
            if (!hasData) {
                // The usual event is one data line: it is returned as it is, not copied through the builder.
                single = value;
                hasData = true;
                if (value.length() > ResponseLimits.MAX_EVENT_BYTES) {
                    throw tooLarge();
                }
                continue;
            }
            if (single != null) {
                data.append(single);
                single = null;
            }
            data.append('\n').append(value);
            if (data.length() > ResponseLimits.MAX_EVENT_BYTES) {
                throw tooLarge();
            }
        }
    }

    /** The next line, refusing one longer than an event may be (a server that never sends a newline). */
    private String nextLine() throws IOException {
        long newline = source.indexOf((byte) '\n', 0, ResponseLimits.MAX_EVENT_BYTES);
        if (newline == -1 && source.getBuffer().size() >= ResponseLimits.MAX_EVENT_BYTES) {
            throw tooLarge();
        }
        // Counted before the line is read, so the line that crosses the limit is never copied.
        consumed += newline == -1 ? source.getBuffer().size() : newline + 1;
        if (consumed > maxTotalBytes) {
            throw new ResponseLimits.TooLarge("a streamed answer larger than " + ResponseLimits.mib(maxTotalBytes)
                    + " (the limit for a whole stream, max_answer_size)");
        }
        return source.readUtf8Line();
    }

    private static ResponseLimits.TooLarge tooLarge() {
        return new ResponseLimits.TooLarge("a stream event larger than " + ResponseLimits.mib(ResponseLimits.MAX_EVENT_BYTES)
                + " (the limit for one event)");
    }

    private String take() {
        String s = single;
        if (s == null) {
            s = data.toString();
            data.setLength(0);
        }
        single = null;
        hasData = false;
        return s;
    }
}
