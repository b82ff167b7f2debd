package dev.duo.testkit.internal.openai;

import dev.duo.testkit.Fault;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import mockwebserver3.SocketHandler;
import okio.Buffer;
import okio.BufferedSink;
import okio.Okio;
import okio.Socket;

/**
 * Writes a response body piece by piece straight to the socket, after MockWebServer has written
 * the status line and headers. Owning the socket is what lets the fake space chunks out, go
 * silent after some of them, or drop the connection mid-body exactly where a fault says.
 *
 * <p>Streams use chunked transfer encoding (each piece one HTTP chunk, flushed at once); whole
 * bodies use their {@code Content-Length}, so a drop mid-body is an unexpected end to the client.
 */
public final class SocketBody implements SocketHandler {

    private final List<byte[]> pieces;
    private final boolean chunked;
    private final Fault fault;
    private final Duration spacing;
    private final IntConsumer beforePiece;
    private final CountDownLatch closing;
    private final Runnable onEnd;

    public SocketBody(List<String> pieces, boolean chunked, Fault fault, Duration spacing, IntConsumer beforePiece,
            CountDownLatch closing, Runnable onEnd) {
        this(chunked, pieces.stream().map(p -> p.getBytes(StandardCharsets.UTF_8)).toList(), fault, spacing,
                beforePiece, closing, onEnd);
    }

    private SocketBody(boolean chunked, List<byte[]> pieces, Fault fault, Duration spacing, IntConsumer beforePiece,
            CountDownLatch closing, Runnable onEnd) {
        this.pieces = pieces;
        this.chunked = chunked;
        this.fault = fault;
        this.spacing = spacing;
        this.beforePiece = beforePiece;
        this.closing = closing;
        this.onEnd = onEnd;
    }

    /**
     * A body of raw byte pieces (the gateway fake's), with no hook before each piece.
     *
     * @param pieces the body, piece by piece
     * @param chunked whether each piece is sent as one HTTP chunk
     * @param fault the fault to inject, or null
     * @param spacing the pause between pieces
     * @param closing counted down when the server closes (ends a stall or a pause)
     * @param onEnd run when the body has been written or abandoned
     * @return the handler
     */
    public static SocketBody ofBytes(List<byte[]> pieces, boolean chunked, Fault fault, Duration spacing,
            CountDownLatch closing, Runnable onEnd) {
        return new SocketBody(chunked, List.copyOf(pieces), fault, spacing, i -> { }, closing, onEnd);
    }

    @Override
    public void handle(Socket socket) {
        BufferedSink sink = socket.getSink() instanceof BufferedSink b ? b : Okio.buffer(socket.getSink());
        try {
            for (int i = 0; i < pieces.size(); i++) {
                if (fault instanceof Fault.Disconnect d && i == d.afterChunks()) {
                    sink.flush();
                    socket.cancel();
                    return;
                }
                if (fault instanceof Fault.StallBody s && i == s.afterChunks()) {
                    sink.flush();
                    closing.await(s.duration().toMillis(), TimeUnit.MILLISECONDS);
                    socket.cancel();
                    return;
                }
                if (i > 0 && !spacing.isZero() && closing.await(spacing.toMillis(), TimeUnit.MILLISECONDS)) {
                    socket.cancel();
                    return;
                }
                beforePiece.accept(i);
                write(sink, pieces.get(i));
            }
            if (chunked) {
                sink.writeUtf8("0\r\n\r\n");
            }
            sink.flush();
        } catch (IOException | RuntimeException e) {
            socket.cancel(); // the client went away or a hook failed: nothing more to say
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            socket.cancel();
        } finally {
            onEnd.run();
        }
    }

    private void write(BufferedSink sink, byte[] bytes) throws IOException {
        if (chunked) {
            Buffer frame = new Buffer().writeUtf8(Integer.toHexString(bytes.length)).writeUtf8("\r\n")
                    .write(bytes).writeUtf8("\r\n");
            sink.writeAll(frame);
        } else {
            sink.write(bytes);
        }
        sink.flush();
    }
}
