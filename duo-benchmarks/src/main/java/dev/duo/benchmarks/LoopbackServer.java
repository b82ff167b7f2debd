package dev.duo.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * The benchmarks' floor: a minimal HTTP/1.1 server on loopback with canned answers, so that what
 * is measured is the clients. Keep-alive, {@code TCP_NODELAY}, and one socket write per whole
 * response (a server writing headers and body separately without {@code TCP_NODELAY} adds ~40 ms
 * per call through delayed ACKs and hides every difference). One thread per connection.
 *
 * <p>Answers, whatever the request asks: {@code POST .../chat/completions} and {@code .../completions}
 * an OpenAI chat or text completion, or, when the body asks for {@code "stream":true}, an SSE stream
 * of {@link #streamChunks} chunks spaced by {@link #chunkSpacingNanos}; {@code POST /model/{id}/converse}
 * a Bedrock Converse answer; {@code .../converse-stream} Bedrock event-stream frames (encoded with
 * the AWS SDK's own encoder), spaced the same way.
 *
 * <p>Paths under {@code /_bench/} control it from another JVM ({@link ServerProcess}): see {@link #control}.
 * Run alone ({@link #main}) it prints {@code PORT <n>} and serves until its standard input closes.
 * On Java 21 and later each connection is served on a virtual thread (10,000 held streams then cost
 * no platform thread each).
 *
 * <pre>{@code
 * try (LoopbackServer server = LoopbackServer.start()) {
 *     URI v1 = server.openAiEndpoint();   // http://127.0.0.1:port/v1
 * }
 * }</pre>
 */
public final class LoopbackServer implements BenchServer {

    /** The answer's text: a short, realistic generated method. */
    static final String ANSWER = "public static String reverse(String s) {\\n"
            + "    return new StringBuilder(s).reverse().toString();\\n}";
    private static final byte[] CRLF = {'\r', '\n'};

    private final ServerSocket socket;
    private final Thread acceptor;
    private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong deadWorkerCpu = new AtomicLong();
    private final byte[] chatResponse;
    private final byte[] textResponse;
    private final byte[] converseResponse;
    private volatile boolean closed;

    /** Chunks per streamed answer (text deltas; framing events come on top). */
    volatile int streamChunks = 8;
    /** The pause before each chunk after the first. */
    volatile long chunkSpacingNanos = 2_000_000;
    /** The last OpenAI request bodies, whole and streamed (the raw clients replay Duo's). */
    volatile byte[] lastChatBody;
    volatile byte[] lastStreamBody;
    /** When the last request was read whole (System.nanoTime), to tell request latency from answer latency. */
    volatile long lastRequestNanos;
    /** When set, streams stop after their first chunk until it counts down (to hold streams in flight). */
    volatile CountDownLatch hold;

    private LoopbackServer() throws IOException {
        socket = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        chatResponse = response("application/json", ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\","
                + "\"created\":1700000000,\"model\":\"bench\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                + "\"assistant\",\"content\":\"" + ANSWER + "\"},\"finish_reason\":\"stop\"}],\"usage\":"
                + "{\"prompt_tokens\":412,\"completion_tokens\":24,\"total_tokens\":436}}").getBytes(StandardCharsets.UTF_8));
        textResponse = response("application/json", ("{\"id\":\"cmpl-bench\",\"object\":\"text_completion\","
                + "\"created\":1700000000,\"model\":\"bench\",\"choices\":[{\"index\":0,\"text\":\"" + ANSWER
                + "\",\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":412,\"completion_tokens\":24,"
                + "\"total_tokens\":436}}").getBytes(StandardCharsets.UTF_8));
        converseResponse = response("application/json", ("{\"output\":{\"message\":{\"role\":\"assistant\","
                + "\"content\":[{\"text\":\"" + ANSWER + "\"}]}},\"stopReason\":\"end_turn\",\"usage\":"
                + "{\"inputTokens\":412,\"outputTokens\":24,\"totalTokens\":436},\"metrics\":{\"latencyMs\":1}}")
                .getBytes(StandardCharsets.UTF_8));
        acceptor = new Thread(this::acceptLoop, "bench-server-accept");
        acceptor.setDaemon(true);
    }

    /** Starts a server on a free loopback port. */
    public static LoopbackServer start() {
        try {
            LoopbackServer s = new LoopbackServer();
            s.acceptor.start();
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a loopback server socket", e);
        }
    }

    /** The base URL of the OpenAI-compatible API. */
    public URI openAiEndpoint() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1");
    }

    /** The Bedrock runtime endpoint. */
    public URI bedrockEndpoint() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    /** Requests answered so far. */
    public long requestCount() {
        return requests.get();
    }

    /** Connections accepted so far (fewer than requests: keep-alive works). */
    public long connectionCount() {
        return connections.get();
    }

    /** Connections being served now (one thread each). */
    public int workerCount() {
        return workers.size();
    }

    /** CPU time spent so far by the server's own threads, in nanoseconds (to subtract from the process's). */
    public long cpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = deadWorkerCpu.get();
        for (Thread t : workers) {
            long n = mx.getThreadCpuTime(t.getId());
            if (n > 0) {
                sum += n;
            }
        }
        long a = mx.getThreadCpuTime(acceptor.getId());
        return sum + Math.max(0, a);
    }

    private void acceptLoop() {
        int n = 0;
        while (!closed) {
            try {
                Socket s = socket.accept();
                s.setTcpNoDelay(true);
                connections.incrementAndGet();
                Thread t = newWorker(() -> serve(s), "bench-server-" + ++n);
                workers.add(t);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    e.printStackTrace();
                }
            }
        }
    }

    /** A virtual thread on Java 21 and later (found by reflection: this module is compiled for 17), else a daemon. */
    private static Thread newWorker(Runnable task, String name) {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            return (Thread) Class.forName("java.lang.Thread$Builder").getMethod("unstarted", Runnable.class)
                    .invoke(builder, task);
        } catch (ReflectiveOperationException e) {
            Thread t = new Thread(null, task, name, 256 * 1024);
            t.setDaemon(true);
            return t;
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
             OutputStream out = s.getOutputStream()) {
            while (!closed) {
                String line = readLine(in);
                if (line == null) {
                    return;
                }
                if (line.isEmpty()) {
                    continue;
                }
                String path = line.split(" ", 3)[1];
                int length = 0;
                for (String h = readLine(in); h != null && !h.isEmpty(); h = readLine(in)) {
                    int colon = h.indexOf(':');
                    if (colon > 0 && h.regionMatches(true, 0, "content-length", 0, colon)) {
                        length = Integer.parseInt(h.substring(colon + 1).trim());
                    }
                }
                byte[] body = in.readNBytes(length);
                if (!path.startsWith("/_bench/")) {
                    // the control API's own requests (stats among them) would otherwise be the last one
                    lastRequestNanos = System.nanoTime();
                }
                requests.incrementAndGet();
                answer(path, body, out);
            }
        } catch (SocketException e) {
            // the client went away
        } catch (IOException | InterruptedException e) {
            if (!closed) {
                e.printStackTrace();
            }
        } finally {
            long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            deadWorkerCpu.addAndGet(Math.max(0, cpu));
            workers.remove(Thread.currentThread());
        }
    }

    private void answer(String path, byte[] body, OutputStream out) throws IOException, InterruptedException {
        if (path.startsWith("/_bench/")) {
            out.write(response("application/octet-stream", control(path.substring("/_bench/".length()))));
        } else if (path.endsWith("/converse-stream")) {
            stream(out, "application/vnd.amazon.eventstream", bedrockFrames());
        } else if (path.endsWith("/converse")) {
            out.write(converseResponse);
        } else if (contains(body, "\"stream\":true")) {
            lastStreamBody = body;
            stream(out, "text/event-stream", sseEvents(path.endsWith("/chat/completions")));
        } else if (path.endsWith("/chat/completions")) {
            lastChatBody = body;
            out.write(chatResponse);
        } else if (path.endsWith("/completions")) {
            out.write(textResponse);
        } else {
            out.write(response("application/json", "{\"error\":{\"message\":\"not found\"}}".getBytes(StandardCharsets.UTF_8))
                    .clone());
        }
        out.flush();
    }

    /**
     * The control API of a server in another JVM: {@code spacing/<nanos>}, {@code hold}, {@code release},
     * {@code last-chat}, {@code last-stream} (the bodies), {@code stats} (workers, connections, requests,
     * the last request's nanoTime, the process's CPU nanos, chunks, spacing; space-separated).
     */
    private byte[] control(String command) {
        if (command.startsWith("spacing/")) {
            chunkSpacingNanos = Long.parseLong(command.substring("spacing/".length()));
            return new byte[0];
        }
        switch (command) {
            case "hold" -> hold();
            case "release" -> release();
            case "last-chat" -> {
                return lastChatBody == null ? new byte[0] : lastChatBody;
            }
            case "last-stream" -> {
                return lastStreamBody == null ? new byte[0] : lastStreamBody;
            }
            case "stats" -> {
                long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime();
                return (workerCount() - 1 + " " + connections.get() + " " + requests.get() + " " + lastRequestNanos + " "
                        + cpu + " " + streamChunks + " " + chunkSpacingNanos).getBytes(StandardCharsets.US_ASCII);
            }
            default -> throw new IllegalArgumentException("unknown control command " + command);
        }
        return new byte[0];
    }

    /** Writes headers with the first event, then each event spaced; every event is one chunk and one write. */
    private void stream(OutputStream out, String type, List<byte[]> events) throws IOException, InterruptedException {
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nTransfer-Encoding: chunked\r\n"
                + "x-request-id: req-bench\r\nx-amzn-RequestId: req-bench\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        long spacing = chunkSpacingNanos;
        CountDownLatch h = hold;
        for (int i = 0; i < events.size(); i++) {
            byte[] chunk = chunk(events.get(i), i == events.size() - 1);
            if (i == 0) {
                out.write(concat(head, chunk));
            } else {
                if (i == 2 && h != null) {
                    h.await();
                }
                if (spacing > 0 && i < events.size() - 1) {
                    sleepNanos(spacing);
                }
                out.write(chunk);
            }
            out.flush();
        }
    }

    private static void sleepNanos(long nanos) throws InterruptedException {
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }

    // The first event of each stream is a framing event (role / messageStart); text deltas follow.
    private List<byte[]> sseEvents(boolean chat) {
        List<byte[]> events = new ArrayList<>();
        String words = ANSWER;
        int n = streamChunks;
        List<String> parts = split(words, n);
        if (chat) {
            events.add(sse("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                    + "\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                    + "\"finish_reason\":null}]}"));
        }
        for (int i = 0; i < parts.size(); i++) {
            boolean last = i == parts.size() - 1;
            String delta = chat ? "\"delta\":{\"content\":\"" + parts.get(i) + "\"}" : "\"text\":\"" + parts.get(i) + "\"";
            events.add(sse("{\"id\":\"chatcmpl-bench\",\"object\":\"" + (chat ? "chat.completion.chunk" : "text_completion")
                    + "\",\"created\":1700000000,\"model\":\"bench\",\"choices\":[{\"index\":0," + delta
                    + ",\"finish_reason\":" + (last ? "\"stop\"" : "null") + "}]" + (last ? ",\"usage\":{\"prompt_tokens\":412,"
                    + "\"completion_tokens\":24,\"total_tokens\":436}" : "") + "}"));
        }
        events.add("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        return events;
    }

    private List<byte[]> bedrockFrames() {
        List<byte[]> frames = new ArrayList<>();
        frames.add(frame("messageStart", "{\"role\":\"assistant\"}"));
        for (String part : split(ANSWER, streamChunks)) {
            frames.add(frame("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"" + part + "\"}}"));
        }
        frames.add(concat(concat(frame("contentBlockStop", "{\"contentBlockIndex\":0}"),
                frame("messageStop", "{\"stopReason\":\"end_turn\"}")),
                frame("metadata", "{\"usage\":{\"inputTokens\":412,\"outputTokens\":24,\"totalTokens\":436},"
                        + "\"metrics\":{\"latencyMs\":1}}")));
        return frames;
    }

    /** Splits the (JSON-escaped) text in n parts without cutting an escape. */
    static List<String> split(String text, int n) {
        List<String> parts = new ArrayList<>();
        int size = Math.max(1, text.length() / n);
        int from = 0;
        while (from < text.length() && parts.size() < n - 1) {
            int to = Math.min(text.length(), from + size);
            if (to > from && text.charAt(to - 1) == '\\') {
                to++;
            }
            parts.add(text.substring(from, to));
            from = to;
        }
        parts.add(text.substring(from));
        return parts;
    }

    private static byte[] sse(String json) {
        return ("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] frame(String type, String json) {
        Map<String, HeaderValue> h = new LinkedHashMap<>();
        h.put(":event-type", HeaderValue.fromString(type));
        h.put(":content-type", HeaderValue.fromString("application/json"));
        h.put(":message-type", HeaderValue.fromString("event"));
        ByteBuffer b = new Message(h, json.getBytes(StandardCharsets.UTF_8)).toByteBuffer();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static byte[] chunk(byte[] data, boolean last) {
        byte[] size = Integer.toHexString(data.length).getBytes(StandardCharsets.US_ASCII);
        byte[] end = last ? "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII) : CRLF;
        return concat(concat(concat(size, CRLF), data), end);
    }

    private static byte[] response(String type, byte[] body) {
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: " + body.length
                + "\r\nx-request-id: req-bench\r\nx-amzn-RequestId: req-bench\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        return concat(head, body);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static boolean contains(byte[] body, String needle) {
        // Latin-1 keeps one char per byte; String.indexOf is an intrinsic, a naive loop was the server's hot spot.
        return new String(body, StandardCharsets.ISO_8859_1).contains(needle);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int len = sb.length();
                return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    @Override
    public byte[] lastChatBody() {
        return lastChatBody;
    }

    @Override
    public byte[] lastStreamBody() {
        return lastStreamBody;
    }

    @Override
    public long chunkSpacingNanos() {
        return chunkSpacingNanos;
    }

    @Override
    public void chunkSpacingNanos(long nanos) {
        chunkSpacingNanos = nanos;
    }

    @Override
    public int streamChunks() {
        return streamChunks;
    }

    @Override
    public synchronized void hold() {
        if (hold == null) {
            hold = new CountDownLatch(1);
        }
    }

    @Override
    public synchronized void release() {
        CountDownLatch h = hold;
        hold = null;
        if (h != null) {
            h.countDown();
        }
    }

    @Override
    public long lastRequestNanos() {
        return lastRequestNanos;
    }

    @Override
    public long cpuNanosInThisProcess() {
        return cpuNanos();
    }

    @Override
    public long serverCpuNanos() {
        return cpuNanos();
    }

    @Override
    public boolean ownJvm() {
        return false;
    }

    /**
     * Serves in a JVM of its own: prints {@code PORT <n>} on standard output, then serves until standard
     * input closes (the parent ended or closed it), so that a killed benchmark leaves no server behind.
     */
    public static void main(String[] args) throws IOException {
        LoopbackServer server = start();
        System.out.println("PORT " + server.socket.getLocalPort());
        System.out.flush();
        while (System.in.read() != -1) {
            // wait for the parent to close the pipe
        }
        server.close();
        System.exit(0);
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        CountDownLatch h = hold;
        if (h != null) {
            while (h.getCount() > 0) {
                h.countDown();
            }
        }
    }
}
