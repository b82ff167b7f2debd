package dev.duo.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.FeatureClient;
import dev.duo.StreamListener;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;

/**
 * The measurements JMH does not fit: stream timing (first and last chunk of each call), throughput
 * and CPU per call under concurrency, and heap held per in-flight stream. They run in this JVM,
 * after the JMH runs, against the same loopback server.
 */
final class Harness {

    private final Fixtures f;
    private final Peers peers;
    private final FeatureClient duo;
    private FeatureClient duoBedrock;
    private final byte[] chatBody;
    private final byte[] streamBody;

    Harness(Fixtures f, Peers peers) {
        this.f = f;
        this.peers = peers;
        this.duo = f.openAi.feature(Fixtures.FEATURE);
        duo.generate(Fixtures.INPUTS);
        chatBody = f.server.lastChatBody();
        duoStream(duo, System.nanoTime(), new long[1]);
        streamBody = f.server.lastStreamBody();
    }

    /** Nanos to first and last chunk of {@code calls} streamed calls; median and p90 of each. */
    record StreamTiming(double firstMedianMs, double firstP90Ms, double lastMedianMs, double lastP90Ms) {
    }

    interface StreamOnce {
        /** Returns nanos to the first chunk; writes nanos to the end in {@code last[0]}. */
        long run(long start, long[] last);
    }

    /** As {@link #timeStreams(Map, int, int)} for one kind of stream. */
    StreamTiming timeStreams(StreamOnce once, int warmup, int calls) {
        return timeStreams(Map.of("one", once), warmup, calls).get("one");
    }

    /** Rounds the timed streams are spread over, each kind's share of a round in a rotating order. */
    static final int STREAM_ROUNDS = 10;
    /** Spaced streams per kind before the timing: the spaced path takes branches the unspaced warm-up never did. */
    static final int SPACED_WARMUP = 25;

    /**
     * Times {@code calls} spaced streams of each kind, in alternating rounds (each round times every kind,
     * the order rotating, so that a drift in the machine's load reaches every kind alike), after
     * {@code warmup} unspaced ones of each and more until the JIT is quiet (a few hundred spaced streams
     * leave the code interpreted: rendering alone then costs half a millisecond, which measures the JIT,
     * not the SDK), then {@link #SPACED_WARMUP} spaced ones of each: with the chunks spaced, OkHttp's
     * dispatcher took branches the unspaced streams never took, and its code was compiled again during
     * the timing of whichever kind came first.
     */
    Map<String, StreamTiming> timeStreams(Map<String, StreamOnce> kinds, int warmup, int calls) {
        long[] last = new long[1];
        long spacing = f.server.chunkSpacingNanos();
        f.server.chunkSpacingNanos(0);
        try {
            for (StreamOnce once : kinds.values()) {
                for (int i = 0; i < warmup; i++) {
                    once.run(System.nanoTime(), last);
                }
            }
            // Then until the JIT is quiet, as for the calls (Rounds): a stream's own path (its
            // listener chain, the SSE reader) was still being compiled after a fixed warm-up.
            Rounds.untilTheJitIsQuiet(() -> {
                for (StreamOnce once : kinds.values()) {
                    for (int i = 0; i < 500; i++) {
                        once.run(System.nanoTime(), last);
                    }
                }
            });
        } finally {
            f.server.chunkSpacingNanos(spacing);
        }
        for (StreamOnce once : kinds.values()) {
            for (int i = 0; i < SPACED_WARMUP; i++) {
                once.run(System.nanoTime(), last);
            }
        }
        List<String> names = new ArrayList<>(kinds.keySet());
        Map<String, long[]> firsts = new java.util.LinkedHashMap<>();
        Map<String, long[]> lasts = new java.util.LinkedHashMap<>();
        names.forEach(n -> {
            firsts.put(n, new long[calls]);
            lasts.put(n, new long[calls]);
        });
        int done = 0;
        for (int round = 0; round < STREAM_ROUNDS; round++) {
            int upTo = (int) ((long) calls * (round + 1) / STREAM_ROUNDS);
            for (int k = 0; k < names.size(); k++) {
                String n = names.get((round + k) % names.size());
                StreamOnce once = kinds.get(n);
                for (int i = done; i < upTo; i++) {
                    firsts.get(n)[i] = once.run(System.nanoTime(), last);
                    lasts.get(n)[i] = last[0];
                }
            }
            done = upTo;
        }
        Map<String, StreamTiming> out = new java.util.LinkedHashMap<>();
        for (String n : names) {
            long[] fs = firsts.get(n);
            long[] ls = lasts.get(n);
            out.put(n, new StreamTiming(pct(fs, 50), pct(fs, 90), pct(ls, 50), pct(ls, 90)));
        }
        return out;
    }

    private static double pct(long[] nanos, int p) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, s.length * p / 100)] / 1e6;
    }

    StreamOnce duoOpenAiStream() {
        return (start, last) -> duoStream(duo, start, last);
    }

    /** Duo's stream that the caller waits for ({@code generate(inputs, onChunk)}): read on the caller's thread. */
    StreamOnce duoOpenAiStreamHere() {
        return (start, last) -> {
            long[] first = {-1};
            duo.generate(Fixtures.INPUTS, text -> {
                if (first[0] < 0) {
                    first[0] = System.nanoTime() - start;
                }
            });
            last[0] = System.nanoTime() - start;
            return first[0];
        };
    }

    StreamOnce duoBedrockStream() {
        if (duoBedrock == null) {
            duoBedrock = f.bedrock.feature(Fixtures.FEATURE);   // lazily: ManyStreams starts no AWS client
        }
        FeatureClient client = duoBedrock;
        return (start, last) -> duoStream(client, start, last);
    }

    StreamOnce rawSse() {
        return (start, last) -> peers.rawSse(streamBody, start, last);
    }

    StreamOnce rawSseAsync() {
        return (start, last) -> peers.rawSseAsync(streamBody, start, last);
    }

    StreamOnce rawBedrockStream() {
        return (start, last) -> {
            AtomicLong first = new AtomicLong(-1);
            peers.bedrockAsync.converseStream(peers.bedrockStreamRequest(), ConverseStreamResponseHandler.builder()
                    .subscriber(ConverseStreamResponseHandler.Visitor.builder()
                            .onContentBlockDelta(e -> first.compareAndSet(-1, System.nanoTime() - start)).build())
                    .build()).join();
            last[0] = System.nanoTime() - start;
            return first.get();
        };
    }

    /** How long the last {@code stream(...)} call took to return (nanos), to tell set-up time from waiting. */
    static volatile long lastStreamReturnNanos;
    static volatile long lastStreamCpuNanos;
    /**
     * Whether {@link #duoStream} also reads the thread's CPU time around {@code stream(...)} (Profile
     * does); off in the timed runs, where the raw clients' timing has no such reads.
     */
    static volatile boolean streamCpu;

    private static long duoStream(FeatureClient client, long start, long[] last) {
        AtomicLong first = new AtomicLong(-1);
        CompletableFuture<Completion> done = new CompletableFuture<>();
        boolean cpu = streamCpu;
        long cpu0 = cpu ? ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() : 0;
        client.stream(Fixtures.INPUTS, new StreamListener() {
            @Override
            public void onChunk(String text) {
                first.compareAndSet(-1, System.nanoTime() - start);
            }

            @Override
            public void onComplete(Completion completion) {
                done.complete(completion);
            }

            @Override
            public void onError(DuoException error) {
                done.completeExceptionally(error);
            }
        });
        if (cpu) {
            lastStreamReturnNanos = System.nanoTime() - start;
            lastStreamCpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0;
        }
        done.join();
        last[0] = System.nanoTime() - start;
        return first.get();
    }

    /** Calls per second and CPU per call (client side: the server's own threads' CPU subtracted). */
    record Throughput(int callers, double callsPerSecond, double clientCpuMicrosPerCall, double serverCpuMicrosPerCall) {
    }

    Throughput throughput(Supplier<String> call, int callers, long warmupMillis, long measureMillis)
            throws InterruptedException {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong calls = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    call.get();
                    if (measuring.get()) {
                        calls.incrementAndGet();
                    }
                }
            }, "bench-caller-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        Thread.sleep(warmupMillis);
        untilTheJitIsQuietWhileRunning();
        long cpu0 = os.getProcessCpuTime();
        long server0 = f.server.cpuNanosInThisProcess();
        long t0 = System.nanoTime();
        measuring.set(true);
        Thread.sleep(measureMillis);
        measuring.set(false);
        long t1 = System.nanoTime();
        long cpu1 = os.getProcessCpuTime();
        long server1 = f.server.cpuNanosInThisProcess();
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        long n = Math.max(1, calls.get());
        double serverCpu = server1 - server0;
        return new Throughput(callers, n / ((t1 - t0) / 1e9), ((cpu1 - cpu0) - serverCpu) / n / 1e3, serverCpu / n / 1e3);
    }

    /**
     * Waits, while the callers run, until the JIT has compiled nothing for two windows of 250 ms running
     * and its queue is empty ({@link Rounds#untilTheJitIsQuiet}, at most {@link Rounds#MAX_WARM_NANOS}).
     * A fixed warm-up was not enough on a busy machine: 16 callers after 10 s of warm-up at load 20 spent half their CPU in the JDK's Latin-1
     * encoder, which escaping uses and whose vectorised form exists only in C2's code, still interpreted
     * (135-233 µs of CPU a call, against 52 once the JIT was quiet), so a throughput row measured the JIT as
     * well as the clients.
     */
    private static void untilTheJitIsQuietWhileRunning() {
        Rounds.untilTheJitIsQuiet(() -> {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the JIT warmed up", e);
            }
        });
    }

    Supplier<String> duoCall() {
        return () -> duo.generate(Fixtures.INPUTS).text();
    }

    Supplier<String> duoBedrockCall() {
        if (duoBedrock == null) {
            duoBedrock = f.bedrock.feature(Fixtures.FEATURE);
        }
        FeatureClient client = duoBedrock;
        return () -> client.generate(Fixtures.INPUTS).text();
    }

    Supplier<String> rawCall() {
        return () -> peers.rawOkHttp(chatBody);
    }

    /**
     * Heap and threads held by {@code n} streams in flight (each past its first chunk, then held):
     * {@code inFlight} of them reached their first chunk within the bound; {@code platformThreads} is
     * this JVM's live platform threads while they were held (virtual threads are not counted), and
     * {@code threads} says which they were, taken in the same instant.
     */
    record InFlight(int streams, int inFlight, double heapKiBPerStream, int clientThreadsAdded, int serverThreadsAdded,
            int platformThreads, double secondsToAllInFlight, ThreadCensus threads) {
    }

    InFlight inFlight(boolean viaDuo, int n) throws InterruptedException {
        return inFlight(viaDuo, n, 60);
    }

    InFlight inFlight(boolean viaDuo, int n, long boundSeconds) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(n);
        CountDownLatch finished = new CountDownLatch(n);
        long before = usedHeapAfterGc();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        int serverBefore = f.server.workerCount();
        f.server.hold();
        List<Object> handles = new ArrayList<>(n);
        try {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                handles.add(viaDuo ? startDuoStream(started, finished) : startRawStream(started, finished));
            }
            started.await(boundSeconds, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            int inFlight = (int) (n - started.getCount());
            long during = usedHeapAfterGc();
            ThreadCensus census = ThreadCensus.take();
            int threadsDuring = census.total();
            int serverAdded = f.server.workerCount() - serverBefore;
            f.server.release();
            if (!finished.await(boundSeconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException("only " + (n - finished.getCount()) + " of " + n + " streams finished");
            }
            int serverThreadsHere = f.server.ownJvm() ? 0 : serverAdded;
            return new InFlight(n, inFlight, (during - before) / 1024.0 / n, threadsDuring - threadsBefore - serverThreadsHere,
                    serverAdded, threadsDuring - serverThreadsHere, seconds, census);
        } finally {
            f.server.release();
            handles.clear();
        }
    }

    private Object startDuoStream(CountDownLatch started, CountDownLatch finished) {
        AtomicBoolean first = new AtomicBoolean();
        return duo.stream(Fixtures.INPUTS, new StreamListener() {
            @Override
            public void onChunk(String text) {
                if (first.compareAndSet(false, true)) {
                    started.countDown();
                }
            }

            @Override
            public void onComplete(Completion completion) {
                finished.countDown();
            }

            @Override
            public void onError(DuoException error) {
                error.printStackTrace();
                finished.countDown();
            }
        });
    }

    /** The raw equivalent: an OkHttp async call whose callback reads the SSE lines. */
    private Object startRawStream(CountDownLatch started, CountDownLatch finished) {
        Request r = new Request.Builder().url(f.server.openAiEndpoint() + "/chat/completions")
                .header("Authorization", "Bearer " + Fixtures.API_KEY).header("Accept", "text/event-stream")
                .post(RequestBody.create(streamBody, MediaType.get("application/json; charset=utf-8"))).build();
        Call call = peers.okHttp.newCall(r);
        call.enqueue(new Callback() {
            @Override
            public void onResponse(Call c, Response response) throws IOException {
                boolean first = false;
                try (response) {
                    BufferedSource source = response.body().source();
                    String line;
                    while ((line = source.readUtf8Line()) != null) {
                        if (!first && line.contains("\"content\":\"") && !line.contains("\"content\":\"\"")) {
                            first = true;
                            started.countDown();
                        }
                    }
                } finally {
                    finished.countDown();
                }
            }

            @Override
            public void onFailure(Call c, IOException e) {
                e.printStackTrace();
                started.countDown();
                finished.countDown();
            }
        });
        return call;
    }

    static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return mem.getHeapMemoryUsage().getUsed();
    }

    static Map<String, Object> asMap(StreamTiming t) {
        return Map.of("firstChunkMedianMs", t.firstMedianMs(), "firstChunkP90Ms", t.firstP90Ms(),
                "lastChunkMedianMs", t.lastMedianMs(), "lastChunkP90Ms", t.lastP90Ms());
    }
}
