package dev.duo.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.DuoException;
import dev.duo.DuoTimeoutException;
import dev.duo.internal.call.ScriptedClient.Stall;
import dev.duo.call.CallInterceptor;
import dev.duo.call.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Listeners and interceptors that block: what the deadline does about them, exactly. */
class MisbehavingCallersTest {

    @Test
    void aStreamListenerThatBlocksPastTheIdleTimeoutGetsTheTimeoutOnceItReturns() {
        // the provider has sent one chunk and is silent since (its thread is the one the listener holds)
        try (Rig rig = new Rig(new ScriptedClient.StallAfter(1))) {
            Instant[] returned = new Instant[1];
            Rig.Recorder r = rig.new Recorder() {
                @Override
                public void onChunk(String text) {
                    super.onChunk(text);
                    if (chunks.size() == 1) {
                        // blocks for 6 virtual seconds (idle is 4 s): time goes on meanwhile
                        Instant until = rig.vt.now().plusSeconds(6);
                        rig.vt.runUntil(() -> !rig.vt.now().isBefore(until));
                        returned[0] = rig.vt.now();
                    }
                }
            };
            r.handle = rig.runtime.stream(Rig.ctx().build(), rig.client, Rig.REQUEST, r);
            rig.vt.runAll();

            assertThat(r.chunks).containsExactly("one ");
            assertThat(r.terminals).singleElement().isInstanceOf(DuoTimeoutException.class);
            assertThat(((DuoException) r.terminals.get(0))).hasMessageContaining("timeouts.idle");
            assertThat(r.endedAt).as("delivered once the listener returned, never inside it").isEqualTo(returned[0]);
            assertThat(rig.client.attempts).singleElement().satisfies(a -> assertThat(a.isCancelled()).isTrue());
            assertThat(r.overlapped).isFalse();
        }
    }

    @Test
    void anInterceptorThatBlocksEatsIntoTheDeadlineAndTheAttemptGetsWhatIsLeft() {
        VirtualTime[] vt = new VirtualTime[1];
        CallInterceptor slow = (chain, listener) -> {
            Instant until = vt[0].now().plusSeconds(20);
            vt[0].runUntil(() -> !vt[0].now().isBefore(until));
            return chain.proceed(chain.request(), listener);
        };
        try (Rig rig = new Rig(RetryPolicy.DEFAULTS, List.of(slow), new Stall())) {
            vt[0] = rig.vt;
            // the interceptor's 20 s wait must happen in virtual time: give it a timer to run to
            rig.vt.scheduler().schedule(() -> { }, Duration.ofSeconds(20));

            Object out = rig.execute(Rig.ctx().build());

            assertThat(out).isInstanceOf(DuoTimeoutException.class);
            assertThat(((DuoException) out)).hasMessageContaining("deadline of 25000 ms");
            assertThat(rig.client.attempts).singleElement()
                    .satisfies(a -> assertThat(a.timeout()).isEqualTo(Duration.ofSeconds(5)));
            assertThat(rig.vt.elapsed()).isEqualTo(Duration.ofSeconds(25));
        }
    }
}
