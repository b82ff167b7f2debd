package dev.duo.testkit.internal.bedrock;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import mockwebserver3.MockResponseBody;
import mockwebserver3.SocketHandler;
import okio.BufferedSink;
import okio.Okio;

/**
 * A ConverseStream body: event-stream frames sent one HTTP chunk each (so the client sees them as
 * they are written), optionally spaced in time, and optionally broken after some content chunks.
 * The response carrying it must say {@code Transfer-Encoding: chunked}: this body does the chunking.
 */
public final class EventStreamBody implements MockResponseBody {

    /** What happens after {@code afterChunks} content deltas. */
    public sealed interface Break {
    }

    /** Nothing: the whole answer is sent. */
    public record None() implements Break {
    }

    /** Silence for {@code duration} (or until the server closes), then the connection drops. */
    public record Stall(Duration duration) implements Break {
    }

    /** The connection drops. */
    public record Drop() implements Break {
    }

    /** An exception frame ends the stream. */
    public record ExceptionFrame(String type, String message) implements Break {
    }

    /** A frame with broken checksums. */
    public record Corrupt() implements Break {
    }

    private final List<byte[]> frames;
    private final Duration spacing;
    private final int afterChunks;
    private final Break brk;
    private final BooleanSupplier open;

    /**
     * A body of these frames (frame 0 is messageStart, frames 1..n the deltas).
     *
     * @param open false once the server closes, to end stalls early
     */
    public EventStreamBody(List<byte[]> frames, Duration spacing, int afterChunks, Break brk, BooleanSupplier open) {
        this.frames = List.copyOf(frames);
        this.spacing = spacing;
        this.afterChunks = afterChunks;
        this.brk = brk;
        this.open = open;
    }

    @Override
    public long getContentLength() {
        return -1;
    }

    /** Whether the exchange ends by dropping the connection (then use {@link #asSocketHandler()}). */
    public boolean drops() {
        return brk instanceof Stall || brk instanceof Drop;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
        writeFrames(sink);
        if (brk instanceof ExceptionFrame e) {
            chunk(sink, BedrockWire.exception(e.type(), e.message()));
        } else if (brk instanceof Corrupt) {
            chunk(sink, BedrockWire.corruptFrame());
        }
        sink.writeUtf8("0\r\n"); // the server adds the (empty) trailers and the final CRLF
        sink.flush();
    }

    /**
     * The body as a raw-socket handler, for answers that end by dropping the connection: a body
     * that throws leaves MockWebServer's socket open, so the client would only notice at its timeout.
     */
    public SocketHandler asSocketHandler() {
        return socket -> {
            try {
                BufferedSink sink = Okio.buffer(socket.getSink());
                writeFrames(sink);
                if (brk instanceof Stall s) {
                    pause(s.duration());
                }
            } catch (IOException e) {
                // the client went away first: nothing to do
            } finally {
                socket.cancel();
            }
        };
    }

    private void writeFrames(BufferedSink sink) throws IOException {
        int limit = brk instanceof None ? frames.size() : Math.min(frames.size(), afterChunks + 1);
        for (int i = 0; i < limit; i++) {
            if (i > 1 && !spacing.isZero()) {
                pause(spacing);
            }
            chunk(sink, frames.get(i));
        }
    }

    private static void chunk(BufferedSink sink, byte[] frame) throws IOException {
        sink.writeUtf8(Integer.toHexString(frame.length)).writeUtf8("\r\n").write(frame).writeUtf8("\r\n");
        sink.flush();
    }

    private void pause(Duration d) throws IOException {
        long end = System.nanoTime() + d.toNanos();
        try {
            while (open.getAsBoolean() && System.nanoTime() < end) {
                Thread.sleep(Math.min(20, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("fake Bedrock: interrupted", e);
        }
    }
}
