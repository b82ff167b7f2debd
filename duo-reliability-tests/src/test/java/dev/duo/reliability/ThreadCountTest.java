package dev.duo.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.duo.Completion;
import dev.duo.DuoClient;
import dev.duo.DuoException;
import dev.duo.StreamListener;
import dev.duo.fireworks.OpenAiCompatibleProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threads made for many concurrent calls: {@code generateAsync} calls, then streams, all in flight
 * at once (the server holds every answer until all requests have arrived). The SDK itself starts no
 * thread per call; what threads there are belong to the HTTP client (OkHttp's dispatcher: platform
 * threads on Java 17, virtual threads from Java 21). The server runs on three threads of its own, so
 * the JVM's counts are the client's. Default run: 300 and 200 calls; the figures (1,500
 * async, 1,100 streams): {@code -Dduo.threads.full=true}; on Java 25:
 * {@code JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 mvn ... -Dtest=ThreadCountTest -Dduo.threads.full=true}.
 */
class ThreadCountTest {

    static final boolean FULL = Boolean.getBoolean("duo.threads.full");
    static final int ASYNC = FULL ? 1_500 : 300;
    static final int STREAMS = FULL ? 1_100 : 200;
    /** The OpenAI-compatible provider's dispatcher limit ({@code OkHttpFactory.MAX_REQUESTS}). */
    static final int IN_FLIGHT_LIMIT = 1024;

    static {
        // The JDK's server keeps 200 idle connections and closes the rest at once: keep them all, so
        // that the streams reuse the connections the async calls opened rather than dead ones.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
    }

    @Test
    void concurrentCallsCostNoThreadOfTheSdksOwn(@TempDir Path dir) throws Exception {
        try (HoldingServer server = new HoldingServer()) {
            Path file = dir.resolve("duo.yml");
            Files.writeString(file, "models:\n  - name: \"M\"\n    family: mixtral\n"
                    + "    identifier: fireworks_ai/accounts/fireworks/models/mixtral-8x22b-instruct\n"
                    + "    endpoint: http://127.0.0.1:" + server.port() + "/v1\n    api_key: ${FIREWORKS_AI_API_KEY}\n"
                    + "    timeouts: { connect: 20s, attempt: 60s, total: 120s, idle: 60s }\n"
                    + "features:\n  code_generations: { provider: self_hosted, model: \"M\" }\n");
            try (DuoClient duo = DuoClient.builder().configFile(file).workingDirectory(dir)
                    .environment(Map.of("FIREWORKS_AI_API_KEY", Secrets.FIREWORKS_KEY))
                    .provider(new OpenAiCompatibleProvider()).build()) {
                var feature = duo.feature("code_generation");
                feature.generate(Rig.INPUTS);   // warm up: classes, the first connection

                Counts async = measure(server, ASYNC, () -> {
                    List<CompletableFuture<Completion>> all = new ArrayList<>();
                    for (int i = 0; i < ASYNC; i++) {
                        all.add(feature.generateAsync(Rig.INPUTS));
                    }
                    return () -> all.forEach(CompletableFuture::join);
                });
                Counts streams = measure(server, STREAMS, () -> {
                    CountDownLatch done = new CountDownLatch(STREAMS);
                    AtomicInteger failed = new AtomicInteger();
                    for (int i = 0; i < STREAMS; i++) {
                        feature.stream(Rig.INPUTS, new StreamListener() {
                            @Override
                            public void onChunk(String text) {
                            }

                            @Override
                            public void onComplete(Completion completion) {
                                done.countDown();
                            }

                            @Override
                            public void onError(DuoException error) {
                                failed.incrementAndGet();
                                done.countDown();
                            }
                        });
                    }
                    return () -> {
                        assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();
                        assertThat(failed).hasValue(0);
                    };
                });

                String summary = String.format("threads on Java %d: %,d concurrent generateAsync: %s; %,d concurrent streams: %s",
                        Runtime.version().feature(), ASYNC, async, STREAMS, streams);
                Reports.write("threads-java" + Runtime.version().feature() + (FULL ? "-full" : "") + ".md", List.of(), summary);

                for (Counts c : List.of(async, streams)) {
                    assertThat(c.sdkThreads()).as("threads the SDK started itself: " + summary).isZero();
                    if (Runtime.version().feature() >= 21) {
                        assertThat(c.peakPlatform()).as("platform threads on virtual threads: " + summary).isLessThan(100);
                    }
                }
            }
        }
    }

    /** What a burst of calls cost in threads. */
    record Counts(long started, int peakPlatform, int sdkThreads, Map<String, Integer> byName) {
        @Override
        public String toString() {
            return String.format("%,d platform threads started, peak %d live, of the SDK's own %d; at the peak by name %s",
                    started, peakPlatform, sdkThreads, byName);
        }
    }

    interface Burst {
        ThrowingRunnable start() throws Exception;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static Counts measure(HoldingServer server, int calls, Burst burst) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        // OkHttp runs at most this many calls at once (the provider's dispatcher limit); the rest wait in its queue
        server.hold(Math.min(calls, IN_FLIGHT_LIMIT));
        mx.resetPeakThreadCount();
        long startedBefore = mx.getTotalStartedThreadCount();
        ThrowingRunnable finish = burst.start();
        assertThat(server.awaitHeld(120)).as("every request that may be in flight reached the server").isTrue();
        Map<String, Integer> byName = new TreeMap<>();
        int sdk = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName().replaceAll("[0-9]+", "N");
            byName.merge(name, 1, Integer::sum);
            // one scheduler and one duo.yml watcher per DuoClient, not per call
            if (name.startsWith("duo-") && !name.startsWith("duo-okhttp") && !name.equals("duo-scheduler-N")
                    && !name.equals("duo-config-watch")) {
                sdk++;
            }
        }
        byName.values().removeIf(n -> n < 3);
        server.release();
        finish.run();
        return new Counts(mx.getTotalStartedThreadCount() - startedBefore, mx.getPeakThreadCount(), sdk, byName);
    }

    /** An HTTP server on three threads that holds every answer until {@code n} requests are in, then answers all. */
    static final class HoldingServer implements AutoCloseable {
        private final HttpServer http;
        private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        private final List<HttpExchange> held = new ArrayList<>();
        private volatile CountDownLatch arrived = new CountDownLatch(0);
        private volatile boolean holding;

        HoldingServer() throws IOException {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
            http.setExecutor(Executors.newSingleThreadExecutor());
            http.createContext("/", ex -> {
                byte[] in = ex.getRequestBody().readAllBytes();
                boolean stream = new String(in, StandardCharsets.UTF_8).contains("\"stream\":true");
                ex.setAttribute("stream", stream);
                synchronized (held) {
                    if (holding) {
                        held.add(ex);
                        arrived.countDown();
                        return;     // answered later, from the writer thread
                    }
                }
                answer(ex);
            });
            http.start();
        }

        int port() {
            return http.getAddress().getPort();
        }

        void hold(int n) {
            synchronized (held) {
                holding = true;
                arrived = new CountDownLatch(n);
            }
        }

        boolean awaitHeld(int seconds) throws InterruptedException {
            return arrived.await(seconds, TimeUnit.SECONDS);
        }

        void release() {
            List<HttpExchange> all;
            synchronized (held) {
                holding = false;
                all = new ArrayList<>(held);
                held.clear();
            }
            writer.execute(() -> all.forEach(HoldingServer::answer));
        }

        private static void answer(HttpExchange ex) {
            try (ex) {
                boolean stream = Boolean.TRUE.equals(ex.getAttribute("stream"));
                String body = stream
                        ? "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"done\"}}]}\n\n"
                        + "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"
                        : "{\"id\":\"c\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"done\"},"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}";
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", stream ? "text/event-stream" : "application/json");
                ex.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            } catch (IOException e) {
                // the client went away: nothing to answer
            }
        }

        @Override
        public void close() {
            http.stop(0);
            writer.shutdownNow();
            ((java.util.concurrent.ExecutorService) http.getExecutor()).shutdownNow();
        }
    }
}
