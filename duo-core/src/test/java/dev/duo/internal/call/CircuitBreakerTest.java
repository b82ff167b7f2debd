package dev.duo.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.InvalidRequestException;
import dev.duo.ProviderUnavailableException;
import dev.duo.internal.call.ScriptedClient.Fail;
import dev.duo.internal.call.ScriptedClient.Step;
import dev.duo.call.ModelStatus;
import dev.duo.call.RetryPolicy;
import dev.duo.call.RoutingEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-model circuit breaker (resilience4j on the client's virtual clock): it counts feature
 * calls, not attempts; a model whose every call fails is skipped after 5 calls and gets no probe
 * for 30 s; half-open probes close it again; what does not count; off for a test fake unless asked.
 */
class CircuitBreakerTest {

    static final DuoException DOWN = new ProviderUnavailableException("503 overloaded");

    static List<Step> fails(int n, DuoException e) {
        return new ArrayList<>(Collections.nCopies(n, new Fail(e)));
    }

    static void advance(RouteRig rig, Duration d) {
        rig.vt.scheduler().schedule(() -> { }, d);
        rig.vt.runAll();
    }

    static ModelStatus statusOfA(RouteRig rig) {
        return rig.runtime.modelStatuses().stream().filter(s -> s.model().equals("A")).findFirst().orElseThrow();
    }

    @Test
    void aModelWhoseEveryCallFailsIsSkippedAfterFiveCallsAndGetsNoProbeFor30Seconds() {
        RouteRig rig = new RouteRig(fails(15, DOWN), List.of());
        for (int i = 0; i < 5; i++) {
            assertThat(rig.execute(rig.alone())).isSameAs(DOWN);
        }
        assertThat(rig.a.attempts).as("5 calls of 3 attempts: the breaker counts calls").hasSize(15);
        RoutingEvent opened = rig.routing.stream().filter(e -> e.kind() == RoutingEvent.Kind.CIRCUIT_OPENED)
                .findFirst().orElseThrow();
        Instant openedAt = opened.at();
        assertThat(opened.untilTime()).contains(openedAt.plusSeconds(30));
        assertThat(statusOfA(rig).circuit()).isEqualTo(ModelStatus.Circuit.OPEN);
        assertThat(statusOfA(rig).retryTime()).contains(openedAt.plusSeconds(30));

        Object skipped = rig.execute(rig.alone());
        assertThat(skipped).isInstanceOf(ProviderUnavailableException.class);
        assertThat((DuoException) skipped).hasMessageContaining("model 'A' is skipped: its circuit is open")
                .hasMessageContaining("tried again at " + openedAt.plusSeconds(30) + " (in 30 s)")
                .hasMessageContaining("Add a fallback model (fallback_models)");
        assertThat(rig.a.attempts).as("skipped at once, no attempt").hasSize(15);
        assertThat(rig.vt.now()).isEqualTo(openedAt);

        advance(rig, Duration.ofSeconds(29));
        assertThat(rig.execute(rig.alone())).isInstanceOf(ProviderUnavailableException.class);
        assertThat(rig.a.attempts).hasSize(15);

        advance(rig, Duration.ofSeconds(2));
        assertThat(rig.execute(rig.alone())).as("the first probe").isInstanceOf(Completion.class);
        assertThat(statusOfA(rig).circuit()).isEqualTo(ModelStatus.Circuit.HALF_OPEN);
        assertThat(rig.execute(rig.alone())).as("the second probe").isInstanceOf(Completion.class);
        assertThat(statusOfA(rig).circuit()).isEqualTo(ModelStatus.Circuit.CLOSED);
        assertThat(rig.kinds).containsSubsequence("circuit_opened", "circuit_half_open", "circuit_closed");
    }

    @Test
    void whileOpenCallsGoStraightToTheFallback() {
        RouteRig rig = new RouteRig(RetryPolicy.NONE, false, fails(5, DOWN), List.of());
        for (int i = 0; i < 5; i++) {
            assertThat(((Completion) rig.execute(rig.route())).text()).isEqualTo("from B");
        }
        rig.kinds.clear();
        Object out = rig.execute(rig.route());

        assertThat(((Completion) out).text()).isEqualTo("from B");
        assertThat(rig.a.attempts).hasSize(5);
        assertThat(rig.kinds).containsExactly("request", "fallback", "response:B");
        assertThat(rig.routing.get(rig.routing.size() - 1).cause().orElseThrow())
                .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("circuit is open");
    }

    @Test
    void theCallersOwnErrorsAndRateLimitsDoNotOpenIt() {
        RouteRig rig = new RouteRig(RetryPolicy.NONE, false, fails(10, new InvalidRequestException("400 bad")), List.of());
        for (int i = 0; i < 10; i++) {
            rig.execute(rig.alone());
        }
        assertThat(statusOfA(rig).circuit()).isEqualTo(ModelStatus.Circuit.CLOSED);
        assertThat(rig.a.attempts).hasSize(10);
    }

    @Test
    void aTestFakeHasNoBreakerUnlessTheModelAsksForOne() {
        RouteRig fake = new RouteRig(RetryPolicy.NONE, true, fails(10, DOWN), List.of());
        for (int i = 0; i < 10; i++) {
            assertThat(fake.execute(fake.alone())).isSameAs(DOWN);
        }
        assertThat(statusOfA(fake).circuit()).isEqualTo(ModelStatus.Circuit.DISABLED);

        RouteRig asked = new RouteRig(RetryPolicy.NONE, true, fails(10, DOWN), List.of()).breakerOfA(s -> s.withEnabled(true));
        for (int i = 0; i < 6; i++) {
            asked.execute(asked.alone());
        }
        assertThat(statusOfA(asked).circuit()).isEqualTo(ModelStatus.Circuit.OPEN);
        assertThat(asked.a.attempts).hasSize(5);
    }

    @Test
    void itsSettingsApply() {
        RouteRig rig = new RouteRig(RetryPolicy.NONE, false, fails(20, DOWN), List.of())
                .breakerOfA(s -> s.withWindow(4, 4).withWaitInOpen(Duration.ofSeconds(5)).withHalfOpenCalls(1));
        for (int i = 0; i < 5; i++) {
            rig.execute(rig.alone());
        }
        assertThat(rig.a.attempts).as("opened after 4 calls").hasSize(4);
        advance(rig, Duration.ofSeconds(6));
        rig.execute(rig.alone());
        assertThat(rig.a.attempts).as("one probe, which fails: open again").hasSize(5);
        assertThat(statusOfA(rig).circuit()).isEqualTo(ModelStatus.Circuit.OPEN);

        RouteRig off = new RouteRig(RetryPolicy.NONE, false, fails(20, DOWN), List.of()).breakerOfA(s -> s.withEnabled(false));
        for (int i = 0; i < 10; i++) {
            off.execute(off.alone());
        }
        assertThat(off.a.attempts).hasSize(10);
    }
}
