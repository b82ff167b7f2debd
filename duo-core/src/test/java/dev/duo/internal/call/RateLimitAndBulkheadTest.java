package dev.duo.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.DuoTimeoutException;
import dev.duo.ErrorContext;
import dev.duo.RateLimitedException;
import dev.duo.call.CallContext;
import dev.duo.call.RoutingEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The shared rate-limit pause and {@code max_concurrent_requests}, on virtual time: 200 concurrent
 * callers against a model answering 429 with {@code Retry-After: 2} for 10 s, with and without a
 * fallback model (the measurement: its figures are printed), and callers over the bound
 * waiting within their deadline.
 */
class RateLimitAndBulkheadTest {

    static final Duration LATENCY = Duration.ofMillis(50);

    /** 429, Retry-After 2 s, for attempts started in the first 10 s; then answers. */
    static DuoException throttledFor10s(Duration at) {
        return at.compareTo(Duration.ofSeconds(10)) < 0 ? new RateLimitedException("429 Too Many Requests", null,
                ErrorContext.builder().status(429).retryAfter(Duration.ofSeconds(2)).build()) : null;
    }

    record Outcome(int attemptsToA, int attemptsToAAfterFirstWave, int viaA, int viaB, Map<String, Integer> failures,
                   Duration slowest, List<Instant> probes) {
    }

    static Outcome run(RouteRig rig, TimedClient a, TimedClient b, boolean withFallback) {
        List<CompletableFuture<Completion>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(rig.async(withFallback ? rig.route(a, b) : Route.of(rig.ctxA(), a, RouteRig.REQUEST_A)));
        }
        Map<Object, Instant> ended = new LinkedHashMap<>();
        calls.forEach(f -> f.whenComplete((c, e) -> ended.put(f, rig.vt.now())));
        rig.vt.runUntil(() -> calls.stream().allMatch(CompletableFuture::isDone));
        int viaA = 0;
        int viaB = 0;
        Map<String, Integer> failures = new LinkedHashMap<>();
        for (CompletableFuture<Completion> f : calls) {
            Object o = Rig.outcome(f);
            if (o instanceof Completion c) {
                if (c.provenance().orElseThrow().model().equals("A")) viaA++; else viaB++;
            } else {
                failures.merge(o.getClass().getSimpleName(), 1, Integer::sum);
            }
        }
        Duration slowest = ended.values().stream().map(t -> Duration.between(rig.vt.start, t)).max(Duration::compareTo).orElseThrow();
        List<Instant> afterFirst = a.starts.stream().filter(t -> t.isAfter(rig.vt.start)
                && Duration.between(rig.vt.start, t).compareTo(Duration.ofSeconds(10)) < 0).toList();
        int throttled = (int) a.starts.stream().filter(t -> Duration.between(rig.vt.start, t).compareTo(Duration.ofSeconds(10)) < 0).count();
        return new Outcome(throttled, throttled - 200, viaA, viaB, failures, slowest, afterFirst);
    }

    @Test
    void twoHundredCallersWithAFallbackSendOneWaveThenGoStraightToTheFallback() {
        RouteRig rig = new RouteRig(List.of(), List.of());
        TimedClient a = new TimedClient(rig.vt, LATENCY, RateLimitAndBulkheadTest::throttledFor10s);
        TimedClient b = new TimedClient(rig.vt, LATENCY, at -> null);
        Outcome o = run(rig, a, b, true);
        System.out.println("[routing] 200 callers, primary 429 Retry-After 2 s for 10 s, with a fallback: " + o);

        assertThat(o.attemptsToA()).as("the first wave only: every retry finds the model paused").isEqualTo(200);
        assertThat(o.viaB()).isEqualTo(200);
        assertThat(o.failures()).isEmpty();
        assertThat(o.slowest()).as("no caller waits out the Retry-After: the fallback serves it at once")
                .isLessThan(Duration.ofMillis(200));
        assertThat(rig.routing).filteredOn(e -> e.kind() == RoutingEvent.Kind.RATE_LIMIT_PAUSED).isNotEmpty()
                .allSatisfy(e -> assertThat(e.model()).isEqualTo("A"));
        assertThat(rig.runtime.modelStatuses().get(0).pauseEnd()).as("the pause ended long ago").isPresent();
    }

    @Test
    void callersArrivingThroughTheThrottleSendAtMostOneProbePerRetryAfterWindowAndAllSucceedThroughTheFallback() {
        RouteRig rig = new RouteRig(List.of(), List.of());
        TimedClient a = new TimedClient(rig.vt, LATENCY, RateLimitAndBulkheadTest::throttledFor10s);
        TimedClient b = new TimedClient(rig.vt, LATENCY, at -> null);
        List<CompletableFuture<Completion>> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 200; i++) {
            rig.vt.scheduler().schedule(() -> calls.add(rig.async(rig.route(a, b))), Duration.ofMillis(50L * i));
        }
        rig.vt.runUntil(() -> calls.size() == 200 && calls.stream().allMatch(CompletableFuture::isDone));
        long ok = calls.stream().filter(f -> Rig.outcome(f) instanceof Completion).count();
        List<Instant> toA = a.starts;
        System.out.println("[routing] 200 callers arriving 50 ms apart over 10 s, primary 429 Retry-After 2 s, with a fallback:"
                + " attempts to the primary " + toA.size() + " at " + toA + ", succeeded " + ok + " (through the fallback "
                + b.starts.size() + ")");

        assertThat(ok).isEqualTo(200);
        // Sent before the first 429 came back (they were on their way), then one probe per 2 s window.
        Instant firstAnswer = rig.vt.start.plus(LATENCY);
        List<Instant> probes = toA.stream().filter(t -> t.isAfter(firstAnswer)).toList();
        assertThat(toA.size() - probes.size()).isLessThanOrEqualTo(2);
        assertThat(probes).hasSizeLessThanOrEqualTo(5);
        for (int i = 1; i < probes.size(); i++) {
            assertThat(Duration.between(probes.get(i - 1), probes.get(i))).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        }
    }

    @Test
    void twoHundredCallersWithoutAFallbackSendAtMostOneProbePerRetryAfterWindow() {
        RouteRig rig = new RouteRig(List.of(), List.of());
        TimedClient a = new TimedClient(rig.vt, LATENCY, RateLimitAndBulkheadTest::throttledFor10s);
        Outcome o = run(rig, a, null, false);
        System.out.println("[routing] 200 callers, primary 429 Retry-After 2 s for 10 s, no fallback: " + o);

        // 10 s of 2 s windows after the first wave: at most one probe in each.
        assertThat(o.attemptsToAAfterFirstWave()).isBetween(1, 5);
        List<Instant> probes = o.probes();
        for (int i = 1; i < probes.size(); i++) {
            assertThat(Duration.between(probes.get(i - 1), probes.get(i))).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        }
        assertThat(o.viaA() + o.failures().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
        assertThat(o.failures().keySet()).allMatch(k -> k.equals("RateLimitedException") || k.equals("Paused"));
        assertThat(o.viaA()).as("the calls still waiting when the model recovers").isGreaterThan(150);
        assertThat(o.slowest()).isLessThanOrEqualTo(Duration.ofSeconds(25));
    }

    @Test
    void aPauseLongerThanTheDeadlineFailsAtOnceNamingTheModelAndWhen() {
        RouteRig rig = new RouteRig(List.of(), List.of());
        TimedClient a = new TimedClient(rig.vt, LATENCY, at -> new RateLimitedException("429", null,
                ErrorContext.builder().status(429).retryAfter(Duration.ofMinutes(5)).build()));
        Object first = rig.execute(Route.of(rig.ctxA(), a, RouteRig.REQUEST_A));
        Instant before = rig.vt.now();
        Object second = rig.execute(Route.of(rig.ctxA(), a, RouteRig.REQUEST_A));

        assertThat(first).isInstanceOf(RateLimitedException.class);
        assertThat(second).isInstanceOf(RateLimitedException.class);
        assertThat((DuoException) second).hasMessageContaining("model 'A' is rate-limited: new attempts to it wait until")
                .hasMessageContaining("past this call's deadline").hasMessageContaining("Add a fallback model");
        assertThat(rig.vt.now()).as("failed at once").isEqualTo(before);
        assertThat(a.starts).hasSize(1);
    }

    @Test
    void callersOverMaxConcurrentRequestsWaitWithinTheirDeadlineThenFailNamingTheLimit() {
        RouteRig rig = new RouteRig(List.of(), List.of()).maxConcurrentOfA(1);
        TimedClient a = new TimedClient(rig.vt, Duration.ofSeconds(1), at -> null);
        CallContext ctx = CallContext.builder(rig.modelA).feature("code_generations").totalTimeout(Duration.ofMillis(1500)).build();
        List<CompletableFuture<Completion>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(rig.runtime.executeAsync(Route.of(ctx, a, RouteRig.REQUEST_A)));
        }
        rig.vt.runUntil(() -> calls.stream().allMatch(CompletableFuture::isDone));

        assertThat(a.peak).hasValue(1);
        assertThat(Rig.outcome(calls.get(0))).isInstanceOf(Completion.class);
        assertThat(Rig.outcome(calls.get(1))).as("its slot came at 1 s, its deadline at 1.5 s").isInstanceOf(DuoTimeoutException.class);
        Object third = Rig.outcome(calls.get(2));
        assertThat(third).isInstanceOf(DuoTimeoutException.class);
        assertThat((DuoException) third).hasMessageContaining("model 'A' had all 1 of its concurrent requests in use"
                + " (max_concurrent_requests: 1) until the call's deadline of 1500 ms passed: raise max_concurrent_requests");
        assertThat(rig.vt.elapsed()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aBlockingCallerWaitsForASlotThroughTheScheduler() {
        RouteRig rig = new RouteRig(List.of(), List.of()).maxConcurrentOfA(1);
        TimedClient a = new TimedClient(rig.vt, Duration.ofSeconds(1), at -> null);
        CompletableFuture<Completion> holder = rig.async(Route.of(rig.ctxA(), a, RouteRig.REQUEST_A));
        Object out = rig.execute(Route.of(rig.ctxA(), a, RouteRig.REQUEST_A));

        assertThat(out).isInstanceOf(Completion.class);
        assertThat(holder).isDone();
        assertThat(a.peak).hasValue(1);
        assertThat(rig.vt.elapsed()).isEqualTo(Duration.ofSeconds(2));
        assertThat(rig.runtime.modelStatuses().get(0).inFlight()).isZero();
    }
}
