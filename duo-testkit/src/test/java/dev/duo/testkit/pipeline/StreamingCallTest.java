package dev.duo.testkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.CancelledException;
import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.DuoTimeoutException;
import dev.duo.ProviderUnavailableException;
import dev.duo.RateLimitedException;
import dev.duo.call.CallEvent;
import dev.duo.call.GenAiAttributes;
import dev.duo.testkit.Fault;
import dev.duo.testkit.FakeModelClient;
import dev.duo.testkit.FaultPlan;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamingCallTest {

    @Test
    void deliversChunksInOrderThenOneCompletion() {
        Fixture fx = new Fixture(FaultPlan.none());
        fx.fake.enqueue(FakeModelClient.Answer.text("x").chunks("def ", "f():", " pass").usage(7, 3));

        Fixture.Recorder r = fx.streamToEnd(Fixture.ctx().build(), Fixture.REQUEST);

        assertThat(r.chunks).containsExactly("def ", "f():", " pass");
        assertThat(r.terminals()).isEqualTo(1);
        assertThat(((Completion) r.terminal()).text()).isEqualTo("def f(): pass");
        assertThat(r.handle.isDone()).isTrue();
        assertThat(r.overlapped).isFalse();
        assertThat(fx.events.kinds).containsExactly("request", "first_token", "response");
        CallEvent done = fx.events.last("response");
        assertThat(done.timeToFirstToken()).isPresent();
        assertThat(done.attributes()).containsEntry(GenAiAttributes.DUO_STREAMING, true)
                .containsKey(GenAiAttributes.DUO_TIME_TO_FIRST_TOKEN_MS);
        assertThat(fx.fake.openStreams()).isZero();
    }

    @Test
    void retriesBeforeTheFirstChunk() {
        Fixture fx = new Fixture(FaultPlan.builder().next(Fault.status(429)).next(Fault.disconnectAfterChunks(0)).build());

        Fixture.Recorder r = fx.streamToEnd(Fixture.ctx().build(), Fixture.REQUEST);

        assertThat(r.terminal()).isInstanceOf(Completion.class);
        assertThat(r.text()).isEqualTo("ok");
        assertThat(fx.fake.requests()).hasSize(3);
    }

    @Test
    void neverRetriesOnceAChunkReachedTheCaller() {
        Fixture fx = new Fixture(FaultPlan.builder().next(Fault.disconnectAfterChunks(2)).build());
        fx.fake.enqueue(FakeModelClient.Answer.text("x").chunks("a", "b", "c"));

        Fixture.Recorder r = fx.streamToEnd(Fixture.ctx().build(), Fixture.REQUEST);

        assertThat(r.chunks).containsExactly("a", "b");
        assertThat(r.terminal()).isInstanceOf(ProviderUnavailableException.class);
        assertThat(fx.fake.requests()).hasSize(1);
        assertThat(fx.events.kinds).containsExactly("request", "first_token", "error");
    }

    @Test
    void aStalledBodyTimesOutOnIdle() {
        Fixture fx = new Fixture(FaultPlan.builder().next(Fault.stallAfterChunks(1)).build());

        Fixture.Recorder r = fx.streamToEnd(Fixture.ctx().build(), Fixture.REQUEST);

        assertThat(r.chunks).hasSize(1);
        assertThat((DuoException) r.terminal()).isInstanceOf(DuoTimeoutException.class)
                .hasMessageContaining("timeouts.idle");
        assertThat(fx.elapsed()).isEqualTo(Duration.ofSeconds(4));
        assertThat(fx.fake.openStreams()).isZero();
    }

    @Test
    void aStallBeforeAnyChunkIsRetriedWithinTheDeadline() {
        Fixture fx = new Fixture(FaultPlan.builder().next(Fault.stall()).build());

        Fixture.Recorder r = fx.streamToEnd(Fixture.ctx().build(), Fixture.REQUEST);

        assertThat(r.terminal()).isInstanceOf(Completion.class);
        assertThat(fx.fake.requests()).hasSize(2);
        // the wait for a stream's first chunk is the attempt's (10 s), not idle's; then 500 ms +- 50 %
        assertThat(fx.elapsed()).isBetween(Duration.ofMillis(10_250), Duration.ofMillis(10_750));
        assertThat(fx.fake.openStreams()).isZero();
    }

    @Test
    void aDeadlineShorterThanTheIdleTimeoutEndsTheStream() {
        Fixture fx = new Fixture(FaultPlan.builder().next(Fault.stall()).build());

        Fixture.Recorder r = fx.streamToEnd(Fixture.ctx().totalTimeout(Duration.ofMillis(1500)).build(), Fixture.REQUEST);

        assertThat(r.terminal()).isInstanceOf(DuoTimeoutException.class);
        assertThat(r.endedAt).isEqualTo(fx.start.plusMillis(1500));
    }

    @Test
    void cancelBeforeStartEndsWithOneCancelledAndStopsTheProviderStream() {
        Fixture fx = new Fixture(FaultPlan.none());
        Fixture.Recorder r = fx.stream(Fixture.ctx().build(), Fixture.REQUEST);

        r.handle.cancel();
        r.handle.cancel();
        fx.vt.runAll();

        assertThat(r.chunks).isEmpty();
        assertThat(r.terminalSignals).hasSize(1).first().isInstanceOf(CancelledException.class);
        assertThat(fx.fake.openStreams()).isZero();
        assertThat(fx.vt.pendingTimers()).isZero();
        assertThat(fx.events.kinds).containsExactly("request", "error");
    }

    @Test
    void cancelDuringTheStreamFromInsideTheListener() {
        Fixture fx = new Fixture(FaultPlan.none());
        fx.fake.enqueue(FakeModelClient.Answer.text("x").chunks("a", "b", "c", "d"));
        Fixture.Recorder r = fx.new Recorder() {
            @Override
            public void onChunk(String text) {
                super.onChunk(text);
                if (chunks.size() == 2) {
                    handle.cancel();
                }
            }
        };
        r.handle = fx.pipeline.stream(Fixture.ctx().build(), fx.fake, Fixture.REQUEST, r);
        fx.vt.runAll();

        assertThat(r.chunks).containsExactly("a", "b");
        assertThat(r.terminalSignals).hasSize(1).first().isInstanceOf(CancelledException.class);
        assertThat(r.overlapped).isFalse();
        assertThat(fx.fake.openStreams()).isZero();
    }

    @Test
    void cancelAfterCompletionSendsNothingMore() {
        Fixture fx = new Fixture(FaultPlan.none());
        Fixture.Recorder r = fx.streamToEnd(Fixture.ctx().build(), Fixture.REQUEST);

        r.handle.cancel();
        fx.vt.runAll();

        assertThat(r.terminalSignals).hasSize(1).first().isInstanceOf(Completion.class);
        assertThat(fx.events.kinds).containsExactly("request", "first_token", "response");
    }

    @Test
    void cancelDuringARetryWaitStopsTheRetry() {
        Fixture fx = new Fixture(FaultPlan.builder().next(Fault.status(429).withRetryAfter(Duration.ofSeconds(5))).build());
        Fixture.Recorder r = fx.stream(Fixture.ctx().build(), Fixture.REQUEST);
        fx.vt.scheduler().schedule(r.handle::cancel, Duration.ofSeconds(1));

        fx.vt.runAll();

        assertThat(r.terminalSignals).hasSize(1).first().isInstanceOf(CancelledException.class);
        assertThat(fx.fake.requests()).hasSize(1);
        assertThat(fx.elapsed()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aRateLimitAfterTheLastAttemptKeepsItsRetryAfter() {
        Fixture fx = new Fixture(FaultPlan.builder().next(3, Fault.status(429).withRetryAfter(Duration.ofSeconds(1))).build());

        Fixture.Recorder r = fx.streamToEnd(Fixture.ctx().build(), Fixture.REQUEST);

        assertThat(r.terminal()).isInstanceOf(RateLimitedException.class);
        assertThat(((DuoException) r.terminal()).context().retryAfter()).contains(Duration.ofSeconds(1));
        assertThat(fx.fake.requests()).hasSize(3);
        assertThat(fx.events.kinds).containsExactly("request", "retry", "retry", "error");
    }
}
