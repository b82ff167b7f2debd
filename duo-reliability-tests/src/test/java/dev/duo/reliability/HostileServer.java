package dev.duo.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain-socket HTTP/1.1 server on loopback that answers as a hostile or broken model server would:
 * each connection is handed to a {@link Behaviour} after the request head (and, unless the
 * behaviour says otherwise, its body) has been read. No HTTP library stands between the behaviour
 * and the bytes, so malformed status lines, endless headers and lying lengths are really sent.
 */
final class HostileServer implements AutoCloseable {

    /** What the server does with one connection. */
    @FunctionalInterface
    interface Behaviour {
        void answer(Exchange exchange) throws IOException, InterruptedException;
    }

    /** One request: its head as text, and the socket's output. */
    record Exchange(String head, OutputStream out, HostileServer server) {
        void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Blocks until the server closes (a peer that never answers). */
        void hang() throws InterruptedException {
            server.closed.await();
        }

        boolean open() {
            return server.closed.getCount() > 0;
        }
    }

    private final ServerSocket socket;
    private final Behaviour behaviour;
    private final boolean readRequest;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    /** Bytes the behaviour managed to write in all (for the endless cases: how far the client let it go). */
    final java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();

    private HostileServer(Behaviour behaviour, boolean readRequest) {
        this.behaviour = behaviour;
        this.readRequest = readRequest;
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread t = new Thread(this::acceptLoop, "hostile-accept-" + socket.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    /** A server that reads each request whole, then runs {@code behaviour}. */
    static HostileServer start(Behaviour behaviour) {
        return new HostileServer(behaviour, true);
    }

    /** A server that runs {@code behaviour} without reading the request at all. */
    static HostileServer startWithoutReading(Behaviour behaviour) {
        return new HostileServer(behaviour, false);
    }

    int port() {
        return socket.getLocalPort();
    }

    /** The base URL, with {@code path} (such as {@code /v1}). */
    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            Socket s;
            try {
                s = socket.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(s);
            connections.incrementAndGet();
            Thread t = new Thread(() -> serve(s), "hostile-conn-" + port());
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s) {
        try (s) {
            String head = readRequest ? readRequest(s.getInputStream()) : "";
            if (readRequest) {
                requests.incrementAndGet();
            }
            CountingOutput out = new CountingOutput(s.getOutputStream());
            behaviour.answer(new Exchange(head, out, this));
            out.flush();
        } catch (SocketException | InterruptedException e) {
            // the client went away or the server closed: what endless behaviours wait for
        } catch (IOException e) {
            // same: a write to a closed connection
        }
    }

    private final class CountingOutput extends java.io.FilterOutputStream {
        CountingOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            written.addAndGet(len);
        }
    }

    /** Reads the request head and a Content-Length body; returns the head. */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new SocketException("the client closed before its request was whole");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        long length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).trim());
            }
        }
        in.readNBytes((int) Math.min(length, 16 * 1024 * 1024));
        return text;
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
