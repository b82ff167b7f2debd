package dev.duo.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.Completion;
import dev.duo.DuoClient;
import dev.duo.DuoException;
import dev.duo.StreamListener;
import dev.duo.fireworks.OpenAiCompatibleProvider;
import dev.duo.call.CallListener;
import dev.duo.call.ReplicaEvent;
import dev.duo.testkit.FakeOpenAiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three replicas of one model ({@code endpoints:}, three fake OpenAI-compatible servers on three
 * ports), under load from many callers through one {@code DuoClient}; one replica is killed mid-load
 * (its server closed, so its port refuses connections), then restarted on the same port. Measured:
 * the share of calls that failed (the goal: none after the first ejection; in fact none at all, as
 * the attempts that hit the dying replica are retried on another), how long the ejection took after
 * the kill, and how long re-admission took once the cooldown had passed. The cooldown (30 s) runs
 * on the client's clock, which the test moves: nothing waits for it in real time, and no step
 * sleeps; each waits for a condition with a generous bound.
 */
class ReplicaFailoverTest {

    static final int CALLERS = 16;
    static final Duration BOUND = Duration.ofSeconds(120);
    static final String MODEL = "Mistral on vLLM [replicas]";

    @Test
    void oneReplicaKilledMidLoadThenRestarted(@TempDir Path dir) throws Exception {
        // The victim listens on a port asked for by number, as a pod's server does: MockWebServer then
        // sets SO_REUSEADDR, so that its restart can bind the port while the old connections are in TIME_WAIT.
        int victimPort = freePort();
        List<FakeOpenAiServer> servers = new ArrayList<>(List.of(FakeOpenAiServer.start(), FakeOpenAiServer.start(victimPort),
                FakeOpenAiServer.start()));
        MovableClock clock = new MovableClock();
        Events events = new Events();
        Files.writeString(dir.resolve("duo.yml"), """
                models:
                  - name: "%s"
                    family: mistral
                    identifier: custom_openai/mistralai/Mistral-7B-Instruct-v0.3
                    endpoints: [%s, %s, %s]
                    api_key: ${VLLM_API_KEY}
                    timeouts: { connect: 2s, attempt: 10s, total: 5m, idle: 5s }
                features:
                  code_generations: { provider: self_hosted, model: "%s" }
                """.formatted(MODEL, servers.get(0).endpoint(), servers.get(1).endpoint(), servers.get(2).endpoint(), MODEL));
        OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider();
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        try (DuoClient client = DuoClient.builder().configFile(dir.resolve("duo.yml")).workingDirectory(dir)
                .environment(Map.of("VLLM_API_KEY", Secrets.FIREWORKS_KEY)).watchConfig(false)
                .provider(provider).retryPolicy(Rig.RETRY).clock(clock).listener(events).build()) {
            Load load = new Load(client, events);
            for (int i = 0; i < CALLERS; i++) {
                int caller = i;
                pool.submit(() -> load.run(caller % 4 == 0));   // a quarter of the callers stream
            }
            waitFor("warm-up calls", () -> load.ok.get() >= 300);

            long killed = System.nanoTime();
            long callsAtKill = load.ended();
            servers.get(1).close();
            waitFor("the ejection of the killed replica", () -> events.ejectedAt.get() != 0);
            long ejected = events.ejectedAt.get();
            long callsAtEjection = load.ended();

            long mark = load.ended();
            waitFor("300 calls with the replica ejected", () -> load.ended() >= mark + 300);

            FakeOpenAiServer restarted = restart(victimPort);
            servers.set(1, restarted);
            waitFor("calls after the restart, before the cooldown has passed", () -> load.ended() >= mark + 400);
            int beforeCooldown = restarted.requestCount();
            // The cooldown, on the client's clock; a failed probe would start another, so each cooldown
            // gets its own bounded wait (the report says how many it took).
            int cooldowns = 0;
            long cooldownOver;
            do {
                clock.advance(Duration.ofSeconds(30).plusMillis(1));
                cooldowns++;
                cooldownOver = System.nanoTime();
            } while (!waitUpTo(Duration.ofSeconds(20), () -> events.readmittedAt.get() != 0) && cooldowns < 4);
            assertThat(events.readmittedAt.get()).as("re-admitted within %d cooldowns", cooldowns).isNotZero();
            long readmitted = events.readmittedAt.get();
            long callsAtReadmission = load.ended();
            waitFor("the restarted replica's share of calls", () -> restarted.requestCount() >= 100);
            load.stop.set(true);
            pool.shutdown();
            assertThat(pool.awaitTermination(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();

            long calls = load.ended();
            long failed = load.failed.get();
            // Calls begun after the first ejection: a stream the kill cut after its first chunk may
            // end (and fail: it cannot be retried) just after the ejection, but it began before.
            long failedWhileEjected = load.failureStarts.stream().filter(t -> t > ejected).count();
            String summary = String.format("replicas: 3 replicas, %d callers (a quarter streaming), %,d calls: %d failed"
                            + " (%.3f%%), %d of them after the first ejection; killed after %,d calls, ejected %.1f ms"
                            + " later (%d calls ended in between), %d failed calls begun after the ejection (%,d calls while ejected); restarted:"
                            + " %d requests reached it during its cooldown, re-admitted %.1f ms after the 30 s cooldown"
                            + " (virtual) had passed (%d cooldown(s)), then %,d requests to it; events %s",
                    CALLERS, calls, failed, 100.0 * failed / calls, failedWhileEjected, callsAtKill,
                    (ejected - killed) / 1e6, callsAtEjection - callsAtKill, failedWhileEjected, load.ended() - mark,
                    beforeCooldown, (readmitted - cooldownOver) / 1e6, cooldowns, restarted.requestCount(), events.kinds);
            List<String> lines = new ArrayList<>(load.errors());
            lines.add("calls at re-admission: " + callsAtReadmission);
            Reports.write("replicas.txt", lines, summary);

            assertThat(failedWhileEjected).as("no call fails once the dead replica is ejected: %s", load.errors()).isZero();
            assertThat(failed).as("only calls cut mid-stream by the kill may fail: %s", load.errors()).isLessThanOrEqualTo(CALLERS);
            assertThat(beforeCooldown).as("no call to an ejected replica before its cooldown has passed").isZero();
            assertThat(events.kinds).containsExactly(ReplicaEvent.Kind.EJECTED, ReplicaEvent.Kind.READMITTED);
            assertThat(load.streamsOk.get()).as("streams ran throughout").isPositive();
        } finally {
            pool.shutdownNow();
            provider.close();
            servers.forEach(FakeOpenAiServer::close);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A server on the killed one's port, once the port can be bound again (a moment after its close). */
    private static FakeOpenAiServer restart(int port) throws InterruptedException {
        FakeOpenAiServer[] started = new FakeOpenAiServer[1];
        waitFor("port " + port + " to be free again", () -> {
            try {
                started[0] = FakeOpenAiServer.start(port);
                return true;
            } catch (java.io.UncheckedIOException inUse) {
                return false;
            }
        });
        return started[0];
    }

    /** Whether the condition came true within {@code max}. */
    private static boolean waitUpTo(Duration max, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(1);   // a poll interval: the condition decides
        }
        return true;
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + BOUND.toSeconds() + " s waiting for " + what);
            }
            Thread.onSpinWait();
            Thread.sleep(1);   // a poll interval, not a wait for time to pass: the condition decides
        }
    }

    /** Replica events as they came, with the real time of each. */
    static final class Events implements CallListener {
        final AtomicLong ejectedAt = new AtomicLong();
        final AtomicLong readmittedAt = new AtomicLong();
        final List<ReplicaEvent.Kind> kinds = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void onReplicaEjected(ReplicaEvent e) {
            kinds.add(e.kind());
            ejectedAt.compareAndSet(0, System.nanoTime());
        }

        @Override
        public void onReplicaReadmitted(ReplicaEvent e) {
            kinds.add(e.kind());
            readmittedAt.compareAndSet(0, System.nanoTime());
        }
    }

    /** Callers that call until told to stop, counting outcomes. */
    static final class Load {
        final DuoClient client;
        final Events events;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong ok = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicInteger streamsOk = new AtomicInteger();
        final Map<String, Integer> errorKinds = new ConcurrentHashMap<>();
        final java.util.Queue<Long> failureStarts = new java.util.concurrent.ConcurrentLinkedQueue<>();

        Load(DuoClient client, Events events) {
            this.client = client;
            this.events = events;
        }

        long ended() {
            return ok.get() + failed.get();
        }

        List<String> errors() {
            return errorKinds.entrySet().stream().map(e -> e.getValue() + " x " + e.getKey()).toList();
        }

        void run(boolean streaming) {
            while (!stop.get()) {
                long started = System.nanoTime();
                try {
                    if (streaming) {
                        stream();
                        streamsOk.incrementAndGet();
                    } else {
                        client.feature("code_generation").generate(Rig.INPUTS);
                    }
                    ok.incrementAndGet();
                } catch (Throwable e) {
                    failureStarts.add(started);
                    failed.incrementAndGet();
                    String key = e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage());
                    errorKinds.merge(key.length() > 300 ? key.substring(0, 300) : key, 1, Integer::sum);
                }
            }
        }

        private void stream() throws InterruptedException {
            CountDownLatch done = new CountDownLatch(1);
            DuoException[] error = new DuoException[1];
            client.feature("code_generation").stream(Rig.INPUTS, new StreamListener() {
                @Override
                public void onChunk(String text) {
                }

                @Override
                public void onComplete(Completion completion) {
                    done.countDown();
                }

                @Override
                public void onError(DuoException e) {
                    error[0] = e;
                    done.countDown();
                }
            });
            if (!done.await(BOUND.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("a stream never ended");
            }
            if (error[0] != null) {
                throw error[0];
            }
        }
    }

    /** The client's clock, moved by the test (cooldowns); deadlines of 5 minutes leave room for the move. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-01T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
