package dev.duo.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.CancelledException;
import dev.duo.DuoException;
import dev.duo.DuoTimeoutException;
import dev.duo.ErrorContext;
import dev.duo.InvalidRequestException;
import dev.duo.ProviderUnavailableException;
import dev.duo.RateLimitedException;
import dev.duo.model.Timeouts;
import dev.duo.call.CallListener;
import dev.duo.call.ReplicaEvent;
import java.net.ConnectException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** How a {@link ReplicaSet} spreads attempts, ejects, probes and re-admits, on a clock the test moves. */
class ReplicaSetTest {

    private static final List<URI> THREE = List.of(URI.create("http://vllm-0:8000/v1"), URI.create("http://vllm-1:8000/v1"),
            URI.create("http://vllm-2:8000/v1"));

    private final MovableClock clock = new MovableClock();
    private final List<ReplicaEvent> events = new CopyOnWriteArrayList<>();
    private final CallListener listener = new CallListener() {
        @Override
        public void onReplicaEjected(ReplicaEvent e) {
            events.add(e);
        }

        @Override
        public void onReplicaReadmitted(ReplicaEvent e) {
            events.add(e);
        }
    };

    private ReplicaSet set(List<URI> endpoints) {
        return ReplicaSet.of("Mistral on vLLM", endpoints, ReplicaPolicy.DEFAULTS, clock, List.of(listener));
    }

    private static Attempt first() {
        return Attempt.of(Timeouts.DEFAULTS);
    }

    private static DuoException refused() {
        return new ProviderUnavailableException("could not connect", new ConnectException("Connection refused"), ErrorContext.NONE);
    }

    private static DuoException status503() {
        return new ProviderUnavailableException("503 overloaded", null, ErrorContext.builder().status(503).build());
    }

    @Test
    void spreadsOverTheLeastBusyReplicaWithTiesRoundRobin() {
        ReplicaSet s = set(THREE);
        List<ReplicaSet.Lease> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(s.acquire(first()));
        }
        assertThat(held).extracting(ReplicaSet.Lease::index).containsExactlyInAnyOrder(0, 1, 2);
        held.get(1).succeeded();   // replica of lease 1 now has 0 in flight, the others 1
        int freed = held.get(1).index();
        for (int i = 0; i < 5; i++) {
            ReplicaSet.Lease l = s.acquire(first());
            assertThat(l.index()).as("the least busy").isEqualTo(freed);
            l.succeeded();
        }
        held.forEach(ReplicaSet.Lease::succeeded);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ReplicaSet.Lease l = s.acquire(first());
            order.add(l.index());
            l.succeeded();
        }
        assertThat(order).as("ties go round-robin").containsOnly(0, 1, 2).hasSize(6);
        assertThat(order.stream().filter(i -> i == 0).count()).isEqualTo(2);
        assertThat(s.status()).allSatisfy(st -> assertThat(st.inFlight()).isZero());
    }

    @Test
    void aRefusedConnectionEjectsAtOnceThenOneProbeAfterTheCooldownReadmits() {
        ReplicaSet s = set(THREE);
        ReplicaSet.Lease dead = acquireIndex(s, 1);
        dead.failed(refused());
        assertThat(s.status().get(1).health()).isEqualTo(ReplicaSet.Health.EJECTED);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(ReplicaEvent.Kind.EJECTED);
            assertThat(e.replica()).isEqualTo("http://vllm-1:8000/v1");
            assertThat(e.probeAfter()).contains(clock.instant().plusSeconds(30));
            assertThat(e.reason()).get().isInstanceOf(ProviderUnavailableException.class);
        });
        for (int i = 0; i < 30; i++) {
            ReplicaSet.Lease l = s.acquire(first());
            assertThat(l.index()).as("no call to an ejected replica").isNotEqualTo(1);
            l.succeeded();
        }
        clock.advance(Duration.ofSeconds(29));
        assertThat(s.acquire(first()).index()).as("still in its cooldown").isNotEqualTo(1);

        clock.advance(Duration.ofMillis(1001));   // resilience4j probes once the cooldown is over: strictly after it
        ReplicaSet.Lease probe = s.acquire(first());
        assertThat(probe.index()).isEqualTo(1);
        assertThat(probe.probe()).isTrue();
        for (int i = 0; i < 10; i++) {
            ReplicaSet.Lease l = s.acquire(first());
            assertThat(l.index()).as("one probe at a time").isNotEqualTo(1);
            l.succeeded();
        }
        probe.succeeded();
        assertThat(s.status().get(1).health()).isEqualTo(ReplicaSet.Health.HEALTHY);
        assertThat(events).hasSize(2).last().satisfies(e -> assertThat(e.kind()).isEqualTo(ReplicaEvent.Kind.READMITTED));
        assertThat(acquireIndex(s, 1)).as("takes calls again").isNotNull();
    }

    @Test
    void aFailedProbeKeepsItOutForAnotherCooldown() {
        ReplicaSet s = set(THREE);
        acquireIndex(s, 0).failed(refused());
        clock.advance(Duration.ofMillis(30_001));
        ReplicaSet.Lease probe = s.acquire(first());
        assertThat(probe.index()).isZero();
        probe.failed(refused());
        assertThat(s.status().get(0).health()).isEqualTo(ReplicaSet.Health.EJECTED);
        assertThat(s.status().get(0).probeAfter()).contains(clock.instant().plusSeconds(30));
        clock.advance(Duration.ofSeconds(10));
        assertThat(s.acquire(first()).index()).isNotZero();
        assertThat(events).as("one ejection: a failed probe only extends it").hasSize(1);
    }

    @Test
    void anAttemptFromBeforeTheEjectionDoesNotDecideTheProbe() {
        ReplicaSet s = set(THREE);
        ReplicaSet.Lease hung = acquireIndex(s, 0);          // in flight when the replica dies
        ReplicaSet.Lease b = acquireIndex(s, 1);
        ReplicaSet.Lease c = acquireIndex(s, 2);
        acquireIndex(s, 0).failed(refused());               // ejects it
        b.succeeded();
        c.succeeded();
        clock.advance(Duration.ofMillis(30_001));
        ReplicaSet.Lease probe = s.acquire(first());
        assertThat(probe.index()).isZero();
        hung.failed(new DuoTimeoutException("the attempt did not finish within 10000 ms (timeouts.attempt)"));
        assertThat(s.status().get(0).health()).as("the old attempt's timeout is not the probe's verdict")
                .isEqualTo(ReplicaSet.Health.PROBING);
        probe.succeeded();
        assertThat(s.status().get(0).health()).isEqualTo(ReplicaSet.Health.HEALTHY);
        ReplicaSet.Lease beforeReadmission = probe;   // ended; a late duplicate end changes nothing
        beforeReadmission.failed(refused());
        assertThat(s.status().get(0).health()).isEqualTo(ReplicaSet.Health.HEALTHY);
        assertThat(s.status()).allSatisfy(st -> assertThat(st.inFlight()).isZero());
    }

    @Test
    void serverErrorsEjectOnceTheFailureRateIsReached() {
        ReplicaSet s = set(THREE);
        for (int i = 0; i < 2; i++) {
            acquireIndex(s, 2).succeeded();
        }
        for (int i = 0; i < 2; i++) {
            acquireIndex(s, 2).failed(status503());
            assertThat(s.status().get(2).health()).as("below the minimum of 5 attempts").isEqualTo(ReplicaSet.Health.HEALTHY);
        }
        acquireIndex(s, 2).failed(status503());   // 3 failed of 5: 60%
        assertThat(s.status().get(2).health()).isEqualTo(ReplicaSet.Health.EJECTED);
    }

    @Test
    void whatCountsAgainstAReplica() {
        ReplicaSet s = ReplicaSet.of("m", THREE, ReplicaPolicy.builder().minimumCalls(1).window(1).build(), clock, List.of());
        acquireIndex(s, 0).failed(new InvalidRequestException("400 bad request"));
        acquireIndex(s, 0).failed(new RateLimitedException("429"));
        acquireIndex(s, 0).failed(new CancelledException("the caller cancelled"));
        acquireIndex(s, 0).failed(new IllegalStateException("a provider bug"));
        assertThat(s.status().get(0).health()).as("none of these is the replica's fault").isEqualTo(ReplicaSet.Health.HEALTHY);

        Attempt cut = first();
        ReplicaSet.Lease l = acquireIndex(s, 0, cut);
        cut.cancel(new DuoTimeoutException("the attempt did not finish within 30000 ms (timeouts.attempt)"));
        l.failed(new CancelledException("the call was cancelled"));
        assertThat(s.status().get(0).health()).as("a hung replica counts: judged by why it was cut")
                .isEqualTo(ReplicaSet.Health.EJECTED);
    }

    @Test
    void aRetryPrefersAnotherReplica() {
        ReplicaSet s = set(THREE);
        Attempt one = first();
        ReplicaSet.Lease l1 = s.acquire(one);
        l1.failed(status503());
        Attempt two = Attempt.of(2, Timeouts.DEFAULTS, Duration.ofSeconds(30), one);
        ReplicaSet.Lease l2 = s.acquire(two);
        assertThat(l2.index()).isNotEqualTo(l1.index());
        l2.failed(status503());
        Attempt three = Attempt.of(3, Timeouts.DEFAULTS, Duration.ofSeconds(30), two);
        assertThat(three.replicasTried()).hasSize(2);
        ReplicaSet.Lease l3 = s.acquire(three);
        assertThat(l3.index()).isNotIn(l1.index(), l2.index());
        l3.failed(status503());
        Attempt four = Attempt.of(4, Timeouts.DEFAULTS, Duration.ofSeconds(30), three);
        assertThat(s.acquire(four)).as("all tried: any healthy one again").isNotNull();
    }

    @Test
    void everyReplicaEjectedFailsFastWithTheWaitUntilTheNextProbe() {
        ReplicaSet s = set(THREE.subList(0, 2));
        acquireIndex(s, 0).failed(refused());
        clock.advance(Duration.ofSeconds(10));
        acquireIndex(s, 1).failed(refused());
        assertThatThrownBy(() -> s.acquire(first()))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("every replica of model 'Mistral on vLLM' is ejected")
                .hasMessageContaining("http://vllm-0:8000/v1")
                .hasMessageContaining("probed in 20000 ms")
                .satisfies(e -> {
                    DuoException d = (DuoException) e;
                    assertThat(d.retryable()).isTrue();
                    assertThat(d.context().retryAfter()).contains(Duration.ofSeconds(20));
                });
        clock.advance(Duration.ofMillis(20_001));
        assertThat(s.acquire(first()).probe()).isTrue();
    }

    @Test
    void aSingleEndpointIsNeverEjected() {
        ReplicaSet s = set(THREE.subList(0, 1));
        for (int i = 0; i < 20; i++) {
            s.acquire(first()).failed(refused());
        }
        assertThat(s.status()).singleElement().satisfies(st -> {
            assertThat(st.health()).isEqualTo(ReplicaSet.Health.HEALTHY);
            assertThat(st.inFlight()).isZero();
        });
        assertThat(events).isEmpty();
    }

    @Test
    void aLeaseEndsOnce() {
        ReplicaSet s = set(THREE);
        ReplicaSet.Lease l = s.acquire(first());
        l.succeeded();
        l.failed(refused());
        l.released();
        assertThat(s.status()).allSatisfy(st -> {
            assertThat(st.inFlight()).isZero();
            assertThat(st.health()).isEqualTo(ReplicaSet.Health.HEALTHY);
        });
    }

    @Test
    void policyRangesAreChecked() {
        assertThatThrownBy(() -> ReplicaPolicy.builder().window(0)).hasMessageContaining("window must be 1 to 1000");
        assertThatThrownBy(() -> ReplicaPolicy.builder().failureRatePercent(0)).hasMessageContaining("failure rate");
        assertThatThrownBy(() -> ReplicaPolicy.builder().cooldown(Duration.ZERO)).hasMessageContaining("cooldown must be at least 1ms");
    }

    private static ReplicaSet.Lease acquireIndex(ReplicaSet s, int index) {
        return acquireIndex(s, index, first());
    }

    /** Acquires for {@code attempt} until the set hands out {@code index} (ties rotate), releasing the others. */
    private static ReplicaSet.Lease acquireIndex(ReplicaSet s, int index, Attempt attempt) {
        for (int i = 0; i < 10; i++) {
            ReplicaSet.Lease l = s.acquire(attempt);
            if (l.index() == index) {
                return l;
            }
            l.released();
        }
        throw new AssertionError("replica " + index + " was never picked");
    }

    /** A clock that moves only when the test says. */
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
