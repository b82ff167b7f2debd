package dev.duo.internal.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.CancelledException;
import dev.duo.Completion;
import dev.duo.DuoTimeoutException;
import dev.duo.ProviderUnavailableException;
import dev.duo.internal.call.ScriptedClient.Answer;
import dev.duo.internal.call.ScriptedClient.DropAfter;
import dev.duo.internal.call.ScriptedClient.Stall;
import dev.duo.internal.call.ScriptedClient.StallAfter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Streams whose caller waits for the end ({@code FeatureClient.generate(inputs, onChunk)}), in
 * virtual time: the first attempt is made through {@code streamHere} on the caller's thread, every
 * later one as any stream's; the rules of streams (retries only before the first chunk, idle
 * deadlines, one end) hold as they do for {@code stream}.
 */
class WaitedStreamCallTest {

    private final List<String> chunks = new CopyOnWriteArrayList<>();
    private final List<Thread> chunkThreads = new CopyOnWriteArrayList<>();
    private final Consumer<String> collect = text -> {
        chunks.add(text);
        chunkThreads.add(Thread.currentThread());
    };

    private static Completion waitFor(Rig rig, Consumer<String> onChunk) {
        return rig.runtime.streamAndWait(Route.of(Rig.ctx().build(), rig.client, Rig.REQUEST), onChunk);
    }

    @Test
    void theFirstAttemptIsReadOnTheCallersThreadAndEveryChunkIsDeliveredThere() {
        try (Rig rig = new Rig(new Answer("one two three"))) {
            Completion c = waitFor(rig, collect);

            assertThat(c.text()).isEqualTo("one two three");
            assertThat(chunks).containsExactly("one ", "two ", "three");
            assertThat(chunkThreads).containsOnly(Thread.currentThread());
            assertThat(rig.client.hereThreads).containsExactly(Thread.currentThread());
            assertThat(rig.events.kinds).containsExactly("request", "first_token", "response");
            assertThat(rig.events.all.get(0).streaming()).isTrue();
            rig.vt.runAll();   // the interrupt watch lingers a second after its last waiting caller
            assertThat(rig.vt.pendingTimers()).isZero();
        }
    }

    @Test
    void aRetryAfterADropBeforeAnyChunkIsAnOrdinaryStreamAndTheCallerStillGetsTheAnswer() {
        try (Rig rig = new Rig(new DropAfter(0), new Answer("fine then"))) {
            Completion c = waitFor(rig, collect);

            assertThat(c.text()).isEqualTo("fine then");
            assertThat(chunks).containsExactly("fine ", "then");
            assertThat(rig.client.requests).hasSize(2);
            assertThat(rig.client.hereThreads).as("only the first attempt is read here").hasSize(1);
            assertThat(rig.events.kinds).containsExactly("request", "retry", "first_token", "response");
        }
    }

    @Test
    void aDropAfterAChunkIsNotRetriedAndItsErrorIsThrown() {
        try (Rig rig = new Rig(new DropAfter(1))) {
            assertThatThrownBy(() -> waitFor(rig, collect)).isInstanceOf(ProviderUnavailableException.class)
                    .hasMessage("the connection dropped mid-answer");

            assertThat(chunks).containsExactly("one ");
            assertThat(rig.client.requests).hasSize(1);
        }
    }

    @Test
    void silenceAfterTheFirstChunkEndsAtTheIdleDeadlineWithItsMessage() {
        try (Rig rig = new Rig(new StallAfter(1))) {
            assertThatThrownBy(() -> waitFor(rig, collect)).isInstanceOf(DuoTimeoutException.class)
                    .hasMessageContaining("the stream sent nothing for 4000 ms (timeouts.idle)");

            assertThat(chunks).containsExactly("one ");
            assertThat(rig.client.openStreams).as("the stalled stream was cancelled").hasValue(0);
        }
    }

    @Test
    void anExceptionFromOnChunkStopsTheStreamAndIsRethrownAsItWas() {
        IllegalStateException gone = new IllegalStateException("the browser went away");
        try (Rig rig = new Rig(new Answer("one two three"))) {
            assertThatThrownBy(() -> waitFor(rig, text -> {
                chunks.add(text);
                throw gone;
            })).isSameAs(gone);

            assertThat(chunks).as("no chunk after the one that threw").containsExactly("one ");
            assertThat(rig.client.openStreams).hasValue(0);
            assertThat(rig.client.requests).as("not retried").hasSize(1);
            assertThat(rig.events.kinds).containsExactly("request", "first_token", "error");
            assertThat(rig.events.all.get(2).error()).containsInstanceOf(CancelledException.class);
        }
    }

    @Test
    void anErrorFromOnChunkIsRethrownAsItWasAndTheCallStillEnds() {
        AssertionError failed = new AssertionError("expected another chunk");
        try (Rig rig = new Rig(new Answer("one two three"))) {
            assertThatThrownBy(() -> waitFor(rig, text -> {
                throw failed;
            })).isSameAs(failed);

            assertThat(rig.client.openStreams).hasValue(0);
            assertThat(rig.events.kinds).containsExactly("request", "first_token", "error");
        }
    }

    @Test
    void withAnInterceptorEveryAttemptIsAnOrdinaryStreamsAndTheAnswerStillComes() {
        dev.duo.call.CallInterceptor passThrough = (chain, listener) -> chain.proceed(chain.request(), listener);
        try (Rig rig = new Rig(dev.duo.call.RetryPolicy.DEFAULTS, List.of(passThrough), new Answer("one two"))) {
            Completion c = waitFor(rig, collect);

            assertThat(c.text()).isEqualTo("one two");
            assertThat(chunks).containsExactly("one ", "two");
            assertThat(rig.client.hereThreads).as("proceed must return before the first chunk").isEmpty();
        }
    }

    @Test
    void aReadThatFailsBecauseTheCallerWasInterruptedEndsAsCancelledAndIsNotRetried() {
        // onChunk interrupts its own thread; the stream's next read then fails (here: the drop after one chunk)
        try (Rig rig = new Rig(new DropAfter(1), new Answer("never sent"))) {
            try {
                assertThatThrownBy(() -> waitFor(rig, text -> Thread.currentThread().interrupt()))
                        .isInstanceOf(CancelledException.class).hasMessageContaining("interrupted while waiting for the answer");
            } finally {
                Thread.interrupted();
            }
            assertThat(rig.client.requests).as("no retry after the caller's own cancel").hasSize(1);
        }
    }

    @Test
    void anInterruptedCallerGetsCancelledAndTheStalledStreamIsAborted() {
        try (Rig rig = new Rig(new Stall())) {
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> waitFor(rig, collect)).isInstanceOf(CancelledException.class)
                        .hasMessageContaining("interrupted while waiting for the answer");
            } finally {
                Thread.interrupted();
            }
            assertThat(rig.client.attempts).singleElement().satisfies(a -> assertThat(a.isCancelled()).isTrue());
            assertThat(rig.client.openStreams).hasValue(0);
        }
    }

    @Test
    void aNullOnChunkIsRefusedByName() {
        try (Rig rig = new Rig()) {
            assertThatThrownBy(() -> waitFor(rig, null)).isInstanceOf(NullPointerException.class).hasMessage("onChunk");
            assertThat(rig.client.requests).isEmpty();
        }
    }
}
