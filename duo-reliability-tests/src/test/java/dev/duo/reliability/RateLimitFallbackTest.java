package dev.duo.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.Completion;
import dev.duo.DuoClient;
import dev.duo.DuoException;
import dev.duo.call.RoutingEvent;
import dev.duo.config.DuoConfig;
import dev.duo.feature.FeatureSetting;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.model.Timeouts;
import dev.duo.call.CallListener;
import dev.duo.testkit.Fault;
import dev.duo.testkit.FakeOpenAiServer;
import dev.duo.testkit.FaultPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The rate-limit measurement over real HTTP: a primary model whose server (a
 * {@code FakeOpenAiServer} with a fault plan) answers every request with 429 {@code Retry-After: 2},
 * a fallback model on a healthy server, one {@code DuoClient} with {@code fallback_models}. First 200
 * concurrent callers at once, then 100 callers arriving 40 ms apart for 4 s: how many attempts
 * reached the throttled server, how many calls the fallback served, how many failed and how. Real
 * time (the providers' HTTP), so the probe bound has a window of slack; the exact, virtual-time figures
 * are duo-core's {@code RateLimitAndBulkheadTest}.
 */
class RateLimitFallbackTest {

    @Test
    void twoHundredCallersAgainstAThrottledPrimaryAreServedByTheFallbackWithOneProbePerRetryAfterWindow() throws Exception {
        FaultPlan throttled = FaultPlan.builder()
                .next(1_000_000, Fault.status(429).withRetryAfter(Duration.ofSeconds(2))).build();
        try (FakeOpenAiServer primary = FakeOpenAiServer.builder().faultPlan(throttled).start();
             FakeOpenAiServer backup = FakeOpenAiServer.builder().start()) {
            Timeouts t = Timeouts.DEFAULTS.withTotal(Duration.ofSeconds(20));
            DuoConfig config = DuoConfig.builder()
                    .model(SelfHostedModel.builder().name("Codestral on vLLM").family(ModelFamily.CODESTRAL)
                            .identifier("custom_openai/codestral").endpoint(primary.endpoint()).timeouts(t).build())
                    .model(SelfHostedModel.builder().name("Mixtral on vLLM").family(ModelFamily.MIXTRAL)
                            .identifier("custom_openai/mixtral").endpoint(backup.endpoint()).timeouts(t).build())
                    .feature("code_generations", FeatureSetting.selfHosted("Codestral on vLLM")
                            .withFallbacks(List.of("Mixtral on vLLM")))
                    .build();
            List<RoutingEvent> events = new CopyOnWriteArrayList<>();
            CallListener listener = new CallListener() {
                @Override
                public void onRouting(RoutingEvent e) {
                    events.add(e);
                }
            };
            try (DuoClient duo = DuoClient.builder().config(config).environment(Map.of()).listener(listener).build()) {
                var gen = duo.feature("code_generation");
                Map<String, Object> inputs = Map.of("user_instruction", "a CSV parser");

                long t0 = System.nanoTime();
                List<CompletableFuture<Completion>> wave = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    wave.add(gen.generateAsync(inputs));
                }
                Result first = Result.of(wave, 30);
                long firstMillis = (System.nanoTime() - t0) / 1_000_000;
                int afterWave = primary.requestCount();
                int backupAfterWave = backup.requestCount();

                long t1 = System.nanoTime();
                List<CompletableFuture<Completion>> arriving = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    arriving.add(gen.generateAsync(inputs));
                    Thread.sleep(40);
                }
                Result second = Result.of(arriving, 30);
                long secondMillis = (System.nanoTime() - t1) / 1_000_000;
                int probes = primary.requestCount() - afterWave;

                String report = "[routing] real HTTP, primary 429 Retry-After 2 s throughout, fallback healthy:"
                        + " 200 callers at once: " + afterWave + " attempts reached the primary, " + first.ok
                        + " succeeded (" + backupAfterWave + " requests to the fallback), failed " + first.failures
                        + ", all ended in " + firstMillis + " ms; then 100 callers over " + secondMillis + " ms: "
                        + probes + " attempts reached the primary, " + second.ok + " succeeded ("
                        + (backup.requestCount() - backupAfterWave) + " through the fallback), failed " + second.failures
                        + "; " + events.stream().filter(e -> e.kind() == RoutingEvent.Kind.RATE_LIMIT_PAUSED).count()
                        + " pauses";
                System.out.println(report);
                java.nio.file.Path out = java.nio.file.Path.of("target/reliability");
                java.nio.file.Files.createDirectories(out);
                java.nio.file.Files.writeString(out.resolve("rate-limit-fallback.txt"), report + "\n");

                assertThat(first.ok).isEqualTo(200);
                assertThat(second.ok).isEqualTo(100);
                assertThat(first.failures).isEmpty();
                assertThat(afterWave).as("only the first wave: no call retries a paused model").isLessThanOrEqualTo(200);
                // 100 arrivals over about 4 s: one probe per 2 s window, and one window of slack for real time.
                assertThat(probes).isLessThanOrEqualTo((int) (secondMillis / 2000) + 2);
                assertThat(events).anyMatch(e -> e.kind() == RoutingEvent.Kind.FALLBACK);
            }
        }
    }

    /** The outcomes of a batch of calls. */
    record Result(int ok, Map<String, Integer> failures) {
        static Result of(List<CompletableFuture<Completion>> calls, int seconds) throws Exception {
            int ok = 0;
            Map<String, Integer> failures = new TreeMap<>();
            for (CompletableFuture<Completion> f : calls) {
                try {
                    f.get(seconds, TimeUnit.SECONDS);
                    ok++;
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.merge(e.getCause() instanceof DuoException d ? d.getClass().getSimpleName()
                            : "untyped " + e.getCause(), 1, Integer::sum);
                }
            }
            return new Result(ok, failures);
        }
    }
}
