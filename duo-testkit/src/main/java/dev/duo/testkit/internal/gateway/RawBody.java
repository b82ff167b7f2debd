package dev.duo.testkit.internal.gateway;

import dev.duo.testkit.Fault;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.SocketHandler;
import okio.Buffer;
import okio.BufferedSink;
import okio.Okio;
import okio.Socket;

/**
 * Writes a response body piece by piece straight to the socket after the headers, as raw bytes
 * (the gateway's streams are plain text, and a malformed one holds bytes that are not UTF-8).
 * Streams are chunked, one HTTP chunk per piece; a whole body uses its {@code Content-Length}, so
 * a drop mid-body is an unexpected end to the client. Disconnect and stall faults act before the
 * piece whose index they name.
 */
final class RawBody implements SocketHandler {

    private final List<byte[]> pieces;
    private final boolean chunked;
    private final Fault fault;
    private final Duration spacing;
    private final CountDownLatch closing;
    private final Runnable onEnd;

    RawBody(List<byte[]> pieces, boolean chunked, Fault fault, Duration spacing, CountDownLatch closing, Runnable onEnd) {
        this.pieces = pieces;
        this.chunked = chunked;
        this.fault = fault;
        this.spacing = spacing;
        this.closing = closing;
        this.onEnd = onEnd;
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
                write(sink, pieces.get(i));
            }
            if (chunked) {
                sink.writeUtf8("0\r\n\r\n");
            }
            sink.flush();
        } catch (IOException | RuntimeException e) {
            socket.cancel(); // the client went away: nothing more to say
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            socket.cancel();
        } finally {
            onEnd.run();
        }
    }

    private void write(BufferedSink sink, byte[] bytes) throws IOException {
        if (chunked) {
            sink.writeAll(new Buffer().writeUtf8(Integer.toHexString(bytes.length)).writeUtf8("\r\n").write(bytes)
                    .writeUtf8("\r\n"));
        } else {
            sink.write(bytes);
        }
        sink.flush();
    }
}
