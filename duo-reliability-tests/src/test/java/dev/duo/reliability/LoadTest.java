package dev.duo.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.DuoException;
import dev.duo.reliability.Rig.Outcome;
import dev.duo.reliability.Rig.Provider;
import dev.duo.testkit.FakeBedrockServer;
import dev.duo.testkit.FakeOpenAiServer;
import dev.duo.testkit.Fault;
import dev.duo.testkit.FaultPlan;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many calls at once through one {@code DuoClient} against both fake servers, 5% of answers
 * faulted (error statuses, resets, malformed bodies, disconnects, stalls), every logging switch on
 * and every logger at TRACE. Every call must be accounted for (successes + typed errors = calls),
 * nothing may be left in use or behind, the heap must come back to where it started, and no secret
 * may reach a log line or an error.
 *
 * <p>The default run makes 2,000 calls at 50 callers; the full one, 20,000 at 200:
 * {@code mvn -B -pl duo-reliability-tests -am verify -Dduo.load.full=true}.
 */
class LoadTest {

    static final boolean FULL = Boolean.getBoolean("duo.load.full");
    static final int CALLS = FULL ? 20_000 : 2_000;
    static final int CALLERS = FULL ? 200 : 50;
    static final double FAULT_RATE = 0.05;
    /** Heap growth allowed after a full GC: class metadata is off-heap, so this covers JIT/logback noise. */
    static final long HEAP_TOLERANCE = 8L * 1024 * 1024;
    static final String TIMEOUTS = "{ connect: 2s, attempt: 5s, total: 15s, idle: 2s }";

    static final Map<String, String> DIFF = Map.of("diff", "--- a/Add.java\n+++ b/Add.java\n+int add(int a, int b) { return a + b; }");

    /** What one run produced. */
    record Run(int calls, long ok, Map<String, Long> errors, long untyped, long injected, long requests, long millis,
               int inUse, int openFireworks, int openBedrock, List<String> secretsInErrors) {
        long typed() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    @Test
    void everyCallIsAccountedForAndNothingLeaks(@TempDir Path dir) throws Exception {
        try (LogCapture logs = new LogCapture()) {
            run(dir.resolve("warm-up"), 200, Math.min(CALLERS, 20), 1L);   // classes, JIT, pools
            long heapBefore = usedHeapAfterGc();
            Set<Long> threadsBefore = Leaks.threadIds();

            Run r = run(dir.resolve("load"), CALLS, CALLERS, 42L);

            long heapAfter = usedHeapAfterGc();
            List<String> threads = Leaks.newThreads(threadsBefore, 10_000);
            // The shared attempt pool keeps an idle thread per concurrent caller for 60 s (a few KiB
            // each): the full run also measures once they have timed out.
            long heapSettled = heapAfter;
            if (FULL) {
                Thread.sleep(65_000);
                heapSettled = usedHeapAfterGc();
            }
            String summary = String.format("load: %,d calls at %d callers in %.1f s, %,d HTTP requests, %,d faults injected"
                            + " (%.1f%%): %,d successes + %,d typed errors = %,d; untyped %d; connections in use %d, open after"
                            + " close %d; threads left %d; heap %+.1f MiB after GC (%d -> %d MiB; %+.1f MiB once idle pool threads timed out);"
                            + " %,d log events (%,d of the SDK's own), secrets in"
                            + " logs %d (third-party wire loggers: %s), in errors %d; errors by type %s",
                    r.calls(), CALLERS, r.millis() / 1000.0, r.requests(), r.injected(), 100.0 * r.injected() / r.requests(),
                    r.ok(), r.typed(), r.ok() + r.typed(), r.untyped(), r.inUse(), r.openFireworks() + r.openBedrock(),
                    threads.size(), (heapAfter - heapBefore) / 1048576.0, heapBefore / 1048576, heapAfter / 1048576,
                    (heapSettled - heapBefore) / 1048576.0,
                    logs.lines(), logs.sdkLines(), logs.hits().size(), logs.thirdPartyHits(), r.secretsInErrors().size(), r.errors());
            Reports.write(FULL ? "load-full.md" : "load.md", List.of(), summary);

            assertThat(r.ok() + r.typed()).as(summary).isEqualTo(CALLS);
            assertThat(r.untyped()).as(summary).isZero();
            assertThat(r.injected()).as("faults were injected").isGreaterThan(0);
            assertThat(r.ok()).as("most calls succeed").isGreaterThan(CALLS * 9L / 10);
            assertThat(r.inUse()).as("OkHttp connections in use after the load").isZero();
            assertThat(r.openFireworks() + r.openBedrock()).as("connections open after the client closed").isLessThanOrEqualTo(0);
            assertThat(threads).as("threads left behind").isEmpty();
            assertThat(heapSettled - heapBefore).as(summary).isLessThan(HEAP_TOLERANCE);
            assertThat(logs.hits()).as("secrets in log lines").isEmpty();
            assertThat(r.secretsInErrors()).as("secrets in errors").isEmpty();
        }
    }

    /** One client, both fakes, {@code calls} calls at {@code callers}: whole and streamed, Fireworks and Bedrock. */
    private static Run run(Path dir, int calls, int callers, long seed) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        Fault[] faults = {Fault.status(429), Fault.status(500), Fault.status(503), Fault.status(400), Fault.reset(),
                Fault.malformed(), Fault.disconnectAfterChunks(1), new Fault.Stall(Duration.ofSeconds(3)),
                new Fault.StallBody(1, Duration.ofSeconds(3))};
        FaultPlan openAiPlan = FaultPlan.builder().thenRandomly(FAULT_RATE, seed, faults).build();
        FaultPlan bedrockPlan = FaultPlan.builder().thenRandomly(FAULT_RATE, seed + 1, faults).build();
        FakeOpenAiServer openAi = FakeOpenAiServer.builder().faultPlan(openAiPlan).start();
        FakeBedrockServer bedrock = FakeBedrockServer.builder().faultPlan(bedrockPlan).build();
        Rig rig = new Rig(dir, Provider.FIREWORKS, openAi.endpoint(), bedrock.endpoint(), true, Rig.RETRY, TIMEOUTS);
        AtomicLong ok = new AtomicLong();
        AtomicLong untyped = new AtomicLong();
        Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        List<String> secrets = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            for (int c = 0; c < callers; c++) {
                pool.execute(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < calls) {
                        Outcome o = switch (i % 4) {
                            case 0 -> rig.generate();
                            case 1 -> rig.stream("code_generation", Rig.INPUTS, Duration.ZERO, Duration.ofSeconds(60));
                            case 2 -> rig.generate("generate_commit_message", DIFF);
                            default -> rig.stream("generate_commit_message", DIFF, Duration.ZERO, Duration.ofSeconds(60));
                        };
                        if (o.ok()) {
                            ok.incrementAndGet();
                        } else if (o.error() instanceof DuoException e && o.terminals() == 1) {
                            errors.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
                            if (!Secrets.findIn(Secrets.describe(e)).isEmpty()) {
                                secrets.add(e.getClass().getSimpleName());
                            }
                        } else {
                            untyped.incrementAndGet();
                            System.out.println("untyped outcome: " + o);
                        }
                    }
                });
            }
            pool.shutdown();
            if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
                throw new AssertionError("the load did not finish in 10 minutes");
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            int inUse = Leaks.await(rig::okHttpInUse, 5000);
            rig.close();
            int openFw = Leaks.awaitNoConnections(openAi.port(), 5000);
            int openBr = Leaks.awaitNoConnections(bedrock.port(), 5000);
            Map<String, Long> byType = new TreeMap<>();
            errors.forEach((k, v) -> byType.put(k, v.get()));
            return new Run(calls, ok.get(), byType, untyped.get(), openAiPlan.injected() + bedrockPlan.injected(),
                    openAiPlan.calls() + bedrockPlan.calls(), millis, inUse, openFw, openBr, List.copyOf(secrets));
        } finally {
            pool.shutdownNow();
            rig.close();
            openAi.close();
            bedrock.close();
        }
    }

    /** The used heap after full collections, settled (a few rounds until it stops falling). */
    static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            best = Math.min(best, mem.getHeapMemoryUsage().getUsed());
        }
        return best;
    }
}
