package dev.duo.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain-socket HTTP/1.1 server for what mock servers cannot do: never answer (and see the client
 * close the connection), answer a whole body after a delay, or keep connections alive and close
 * them after a short idle time, as uvicorn (vLLM) does after 5 s.
 */
final class SocketServer implements AutoCloseable {

    enum Mode { NEVER_ANSWERS, SLOW_ANSWER, CLOSES_IDLE_CONNECTIONS }

    private final ServerSocket server;
    private final Mode mode;
    private final Duration delay;
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    /** Keep-alive connections this server closed for being idle. */
    final AtomicInteger idleClosed = new AtomicInteger();
    /** Counted down when a client closes a connection the server was holding open (NEVER_ANSWERS). */
    final CountDownLatch closedByClient = new CountDownLatch(1);
    final CopyOnWriteArrayList<Long> closedAtNanos = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    SocketServer(Mode mode, Duration delay) throws IOException {
        this.mode = mode;
        this.delay = delay;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "socket-server");
        t.setDaemon(true);
        t.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1");
    }

    boolean awaitClosedByClient(Duration d) throws InterruptedException {
        return closedByClient.await(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "socket-server-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                if (mode == Mode.CLOSES_IDLE_CONNECTIONS) {
                    s.setSoTimeout((int) delay.toMillis());
                }
                int length;
                try {
                    length = readRequest(in);
                } catch (SocketTimeoutException idle) {
                    idleClosed.incrementAndGet();
                    return;    // idle too long: close, as uvicorn does
                }
                if (length < 0) {
                    return;
                }
                requests.incrementAndGet();
                if (mode == Mode.NEVER_ANSWERS) {
                    s.setSoTimeout(0);
                    // hold on until the client gives up and closes
                    while (in.read() != -1) {
                        // discard
                    }
                    closedAtNanos.add(System.nanoTime());
                    closedByClient.countDown();
                    return;
                }
                if (mode == Mode.SLOW_ANSWER) {
                    Thread.sleep(delay.toMillis());
                }
                byte[] body = ("{\"id\":\"cmpl-1\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"done\"},"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}")
                        .getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            closedAtNanos.add(System.nanoTime());
            closedByClient.countDown();
        }
    }

    /** Reads one request (headers, then Content-Length bytes); -1 at the end of the stream. */
    private static int readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        if (c == -1) {
            return -1;
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        for (int i = 0; i < length; i++) {
            if (in.read() == -1) {
                return -1;
            }
        }
        return length;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
