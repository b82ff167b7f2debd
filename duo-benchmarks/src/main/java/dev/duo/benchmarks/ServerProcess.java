package dev.duo.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The loopback server in a JVM of its own (so that its threads, heap and CPU are not the client's),
 * driven through its {@code /_bench/} control paths. For the call measurements it runs on this JVM's
 * own {@code java} (one platform thread per connection, as always); for 10,000 held streams on the
 * Java 21+ one ({@link #java21()}), whose virtual threads serve them without 10,000 platform threads.
 * A benchmark fork reaches the parent's server through {@code -Dduo.bench.server=<port>}.
 *
 * <pre>{@code
 * try (ServerProcess server = ServerProcess.start()) {
 *     server.chunkSpacingNanos(0);
 * }
 * }</pre>
 */
final class ServerProcess implements BenchServer {

    /** The system property a benchmark fork finds the parent's server by. */
    static final String PORT_PROPERTY = "duo.bench.server";

    private final Process process;
    private final int port;
    private volatile int chunks = -1;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a server JVM on this JVM's own {@code java}. */
    static ServerProcess start() {
        return start(currentJava());
    }

    /** Starts a server JVM with this {@code java} launcher. */
    static ServerProcess start(String java) {
        List<String> cmd = new ArrayList<>(List.of(java, "-Xms256m", "-Xmx1g", "-XX:+UseSerialGC",
                "-cp", StartupRuns.absoluteClassPath(), LoopbackServer.class.getName()));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
            String line = r.readLine();
            if (line == null || !line.startsWith("PORT ")) {
                p.destroyForcibly();
                throw new IllegalStateException("the loopback server JVM did not start (" + String.join(" ", cmd) + ")");
            }
            return new ServerProcess(p, Integer.parseInt(line.substring(5).trim()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the loopback server JVM", e);
        }
    }

    /** A server some other process started (a JMH fork's view of the parent's server): never stopped here. */
    static ServerProcess connect(int port) {
        return new ServerProcess(null, port);
    }

    /** This JVM's {@code java} launcher. */
    static String currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * A Java 21+ JDK: {@code -Dduo.bench.java21=PATH} (or Main's {@code --java21 PATH}), else this JVM when it
     * is 21+, else the Temurin 25 JDK at its usual place, else none.
     */
    static Optional<Path> java21() {
        String set = System.getProperty("duo.bench.java21");
        if (set != null && !set.isBlank()) {
            return set.equals("none") ? Optional.empty() : Optional.of(Path.of(set));
        }
        if (Runtime.version().feature() >= 21) {
            return Optional.of(Path.of(System.getProperty("java.home")));
        }
        Path temurin = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        return Files.isExecutable(temurin.resolve("bin/java")) ? Optional.of(temurin) : Optional.empty();
    }

    int port() {
        return port;
    }

    private byte[] get(String command) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/_bench/" + command)
                    .toURL().openConnection();
            try (InputStream in = c.getInputStream()) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the loopback server JVM did not answer " + command, e);
        }
    }

    private long[] stats() {
        String[] parts = new String(get("stats"), StandardCharsets.US_ASCII).split(" ");
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Long.parseLong(parts[i]);
        }
        return out;
    }

    @Override
    public URI openAiEndpoint() {
        return URI.create("http://127.0.0.1:" + port + "/v1");
    }

    @Override
    public URI bedrockEndpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public byte[] lastChatBody() {
        byte[] b = get("last-chat");
        return b.length == 0 ? null : b;
    }

    @Override
    public byte[] lastStreamBody() {
        byte[] b = get("last-stream");
        return b.length == 0 ? null : b;
    }

    @Override
    public long chunkSpacingNanos() {
        return stats()[6];
    }

    @Override
    public void chunkSpacingNanos(long nanos) {
        get("spacing/" + nanos);
    }

    @Override
    public int streamChunks() {
        if (chunks < 0) {
            chunks = (int) stats()[5];
        }
        return chunks;
    }

    @Override
    public void hold() {
        get("hold");
    }

    @Override
    public void release() {
        get("release");
    }

    @Override
    public int workerCount() {
        return (int) stats()[0];
    }

    @Override
    public long connectionCount() {
        return stats()[1];
    }

    @Override
    public long lastRequestNanos() {
        return stats()[3];
    }

    @Override
    public long cpuNanosInThisProcess() {
        return 0;
    }

    @Override
    public long serverCpuNanos() {
        return stats()[4];
    }

    @Override
    public boolean ownJvm() {
        return true;
    }

    @Override
    public void close() {
        if (process != null) {
            try {
                process.getOutputStream().close();   // the server exits when its standard input closes
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException | InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }
}
