package dev.duo.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.CancelledException;
import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.DuoTimeoutException;
import dev.duo.ProviderUnavailableException;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.internal.call.ScriptedClient.Answer;
import dev.duo.internal.call.ScriptedClient.DropAfter;
import dev.duo.internal.call.ScriptedClient.Fail;
import dev.duo.internal.call.ScriptedClient.Stall;
import dev.duo.internal.call.ScriptedClient.StallAfter;
import dev.duo.call.CallEvent;
import dev.duo.call.CallInterceptor;
import dev.duo.call.CallListener;
import dev.duo.call.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Async and streamed calls in virtual time: cancels at every point, deadlines, listeners and interceptors that misbehave. */
class StreamAndAsyncCallTest {

    static final DuoException UNAVAILABLE = new ProviderUnavailableException("503 overloaded");

    @Test
    void anAsyncCallUsesTheClientsAsyncPathAndNoThreadOfItsOwn() {
        try (Rig rig = new Rig(new Fail(UNAVAILABLE), new Answer("fine"))) {
            CompletableFuture<Completion> f = rig.async(Rig.ctx().build());
            assertThat(rig.vt.runUntil(f::isDone)).isTrue();

            assertThat(f.join().text()).isEqualTo("fine");
            assertThat(rig.client.threads).as("complete() never ran: completeAsync() did").isEmpty();
            assertThat(rig.client.requests).hasSize(2);
            assertThat(rig.events.kinds).containsExactly("request", "retry", "response");
        }
    }

    @Test
    void cancellingTheFutureCancelsTheAttemptInFlight() {
        try (Rig rig = new Rig(new Stall())) {
            CompletableFuture<Completion> f = rig.async(Rig.ctx().build());
            rig.vt.scheduler().schedule(() -> f.cancel(true), Duration.ofSeconds(1));
            rig.vt.runAll();

            assertThat(f).isCancelled();
            assertThat(rig.client.attempts).singleElement().satisfies(a -> assertThat(a.isCancelled()).isTrue());
            assertThat(rig.events.kinds).containsExactly("request", "error");
            assertThat(rig.events.all.get(1).error()).containsInstanceOf(CancelledException.class);
            assertThat(rig.vt.pendingTimers()).isZero();
        }
    }

    @Test
    void aCancelRightAfterTheStartEndsWithOneCancelledAndAbortsTheAttempt() {
        try (Rig rig = new Rig()) {
            Rig.Recorder r = rig.stream(Rig.ctx().build());
            r.handle.cancel();
            rig.vt.runAll();

            assertThat(r.terminals).singleElement().isInstanceOf(CancelledException.class);
            assertThat(r.chunks).isEmpty();
            assertThat(rig.client.openStreams).hasValue(0);
            assertThat(rig.client.requests).hasSize(1);
            assertThat(rig.events.kinds).containsExactly("request", "error");
        }
    }

    @Test
    void aCancelDuringTheBackoffStartsNoFurtherAttempt() {
        try (Rig rig = new Rig(new Fail(UNAVAILABLE), new Answer("never"))) {
            Rig.Recorder r = rig.stream(Rig.ctx().build());
            rig.vt.scheduler().schedule(r.handle::cancel, Duration.ofMillis(100));
            rig.vt.runAll();

            assertThat(r.terminals).singleElement().isInstanceOf(CancelledException.class);
            assertThat(r.endedAt).isEqualTo(rig.vt.start.plusMillis(100));
            assertThat(rig.client.requests).hasSize(1);
            assertThat(rig.vt.pendingTimers()).isZero();
            assertThat(rig.events.kinds).containsExactly("request", "retry", "error");
        }
    }

    @Test
    void aCancelBetweenAttemptsOfAnAsyncCallStartsNoOther() {
        try (Rig rig = new Rig(new Fail(UNAVAILABLE), new Fail(UNAVAILABLE), new Answer("never"))) {
            CompletableFuture<Completion> f = rig.async(Rig.ctx().build());
            // run until the first retry's wait has begun, then cancel
            rig.vt.runUntil(() -> rig.events.kinds.contains("retry"));
            f.cancel(true);
            rig.vt.runAll();

            assertThat(Rig.outcome(f)).isInstanceOf(java.util.concurrent.CancellationException.class);
            assertThat(rig.client.requests).hasSize(1);
            assertThat(rig.warnings()).hasSize(1);
        }
    }

    @Test
    void aCancelDuringTheStreamStopsTheChunks() {
        try (Rig rig = new Rig(new Answer("a b c d e f g h"))) {
            Rig.Recorder[] self = new Rig.Recorder[1];
            Rig.Recorder r = rig.new Recorder() {
                @Override
                public void onChunk(String text) {
                    super.onChunk(text);
                    if (chunks.size() == 2) {
                        self[0].handle.cancel();   // from inside the listener
                    }
                }
            };
            self[0] = r;
            r.handle = rig.runtime.stream(Rig.ctx().build(), rig.client, Rig.REQUEST, r);
            rig.vt.runAll();

            assertThat(r.chunks).containsExactly("a ", "b ");
            assertThat(r.terminals).singleElement().isInstanceOf(CancelledException.class);
            assertThat(r.overlapped).isFalse();
            assertThat(rig.client.openStreams).hasValue(0);
        }
    }

    @Test
    void aCancelAfterTheEndChangesNothing() {
        try (Rig rig = new Rig()) {
            Rig.Recorder r = rig.stream(Rig.ctx().build());
            rig.vt.runAll();
            r.handle.cancel();
            rig.vt.runAll();

            assertThat(r.terminals).singleElement().isInstanceOf(Completion.class);
            assertThat(r.handle.isDone()).isTrue();
            assertThat(rig.events.kinds).containsExactly("request", "first_token", "response");
        }
    }

    @Test
    void theWaitForTheFirstChunkIsTheAttemptsAndSilenceAfterItIsIdle() {
        try (Rig rig = new Rig(new StallAfter(1))) {
            Rig.Recorder r = rig.stream(Rig.ctx().build());
            rig.vt.runAll();

            assertThat(r.chunks).containsExactly("one ");
            assertThat(r.terminals).singleElement().isInstanceOf(DuoTimeoutException.class);
            assertThat(((DuoException) r.terminals.get(0))).hasMessageContaining("timeouts.idle");
            assertThat(r.endedAt).isEqualTo(rig.vt.start.plusMillis(10 + 4000));
            assertThat(rig.client.requests).as("not retried: a chunk reached the caller").hasSize(1);
            assertThat(rig.client.openStreams).hasValue(0);
        }
    }

    @Test
    void aStreamSilentBeforeItsFirstChunkIsCutAtTheAttemptTimeoutAndRetried() {
        try (Rig rig = new Rig(new Stall(), new Answer("ok then"))) {
            Rig.Recorder r = rig.stream(Rig.ctx().build());
            rig.vt.runAll();

            assertThat(r.terminals).singleElement().isInstanceOf(Completion.class);
            assertThat(r.text()).isEqualTo("ok then");
            assertThat(rig.client.requests).hasSize(2);
        }
    }

    @Test
    void aDropBeforeAnyChunkIsRetriedAndADropAfterOneIsNot() {
        try (Rig rig = new Rig(new DropAfter(0), new DropAfter(2))) {
            Rig.Recorder r = rig.stream(Rig.ctx().build());
            rig.vt.runAll();

            assertThat(r.chunks).containsExactly("one ", "two ");
            assertThat(r.terminals).singleElement().isInstanceOf(ProviderUnavailableException.class);
            assertThat(rig.client.requests).hasSize(2);
        }
    }

    @Test
    void aStreamListenerThatThrowsStillGetsEveryChunkAndOneTerminal() {
        try (Rig rig = new Rig()) {
            Rig.Recorder r = rig.new Recorder() {
                @Override
                public void onChunk(String text) {
                    super.onChunk(text);
                    throw new IllegalStateException("listener bug");
                }
            };
            r.handle = rig.runtime.stream(Rig.ctx().build(), rig.client, Rig.REQUEST, r);
            rig.vt.runAll();

            assertThat(r.text()).isEqualTo("one two three");
            assertThat(r.terminals).singleElement().isInstanceOf(Completion.class);
            assertThat(rig.warnings()).anySatisfy(w -> assertThat(w).contains("stream listener threw"));
        }
    }

    @Test
    void aCallListenerThatThrowsIsLoggedAndTheCallGoesOn() {
        CallListener bad = new CallListener() {
            @Override
            public void onResponse(CallEvent event) {
                throw new IllegalStateException("metrics bug");
            }
        };
        try (Rig rig = new Rig()) {
            CallRuntime rt = CallRuntime.builder().clock(rig.vt.clock()).scheduler(rig.vt.scheduler())
                    .listeners(List.of(bad, rig.events)).build();
            Completion c = rt.execute(Rig.ctx().build(), rig.client, Rig.REQUEST);

            assertThat(c.text()).isEqualTo("one two three");
            assertThat(rig.events.kinds).containsExactly("request", "response");
            assertThat(rig.warnings()).anySatisfy(w -> assertThat(w).contains("call listener").contains("threw"));
        }
    }

    @Test
    void anInterceptorThatThrowsEndsTheCallWithAnErrorNamingIt() {
        CallInterceptor broken = (chain, listener) -> {
            throw new IllegalArgumentException("bug");
        };
        try (Rig rig = new Rig(RetryPolicy.DEFAULTS, List.of(broken))) {
            Object out = rig.execute(Rig.ctx().build());

            assertThat(out).isInstanceOf(DuoException.class);
            assertThat(((DuoException) out)).hasMessageContaining("call interceptor").hasMessageContaining("IllegalArgumentException");
            assertThat(rig.client.requests).isEmpty();
            assertThat(rig.events.kinds).containsExactly("request", "error");
        }
    }

    @Test
    void anInterceptorThatThrowsAfterProceedingStopsTheAttemptsItStarted() {
        CallInterceptor late = (chain, listener) -> {
            chain.proceed(chain.request(), listener);
            throw new IllegalStateException("after proceeding");
        };
        try (Rig rig = new Rig(RetryPolicy.DEFAULTS, List.of(late), new Stall())) {
            Rig.Recorder r = rig.stream(Rig.ctx().build());
            rig.vt.runAll();

            assertThat(r.terminals).singleElement().isInstanceOf(DuoException.class);
            assertThat(((DuoException) r.terminals.get(0))).hasMessageContaining("IllegalStateException");
            assertThat(rig.client.attempts).singleElement().satisfies(a -> assertThat(a.isCancelled()).isTrue());
            assertThat(rig.client.openStreams).hasValue(0);
            assertThat(rig.vt.pendingTimers()).isZero();
        }
    }

    @Test
    void anInterceptorThatAnswersItselfNeverCallsTheModel() {
        CallInterceptor cached = (chain, listener) -> {
            listener.onComplete(Completion.builder().text("cached").build());
            return new StreamHandle() {
                @Override
                public void cancel() {
                }

                @Override
                public boolean isDone() {
                    return true;
                }
            };
        };
        try (Rig rig = new Rig(RetryPolicy.DEFAULTS, List.of(cached))) {
            Object out = rig.execute(Rig.ctx().build());

            assertThat(out).isInstanceOf(Completion.class);
            assertThat(((Completion) out).text()).isEqualTo("cached");
            assertThat(rig.client.requests).isEmpty();
        }
    }

    @Test
    void aStreamListenerGetsSignalsThatNeverOverlap() {
        StreamListener noop = new StreamListener() {
            @Override
            public void onChunk(String text) {
            }

            @Override
            public void onComplete(Completion completion) {
            }

            @Override
            public void onError(DuoException error) {
            }
        };
        try (Rig rig = new Rig()) {
            StreamHandle h = rig.runtime.stream(Rig.ctx().build(), rig.client, Rig.REQUEST, noop);
            rig.vt.runAll();
            assertThat(h.isDone()).isTrue();
        }
    }
}
