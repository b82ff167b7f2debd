package dev.duo.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.AuthenticationException;
import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.DuoTimeoutException;
import dev.duo.InvalidInputException;
import dev.duo.InvalidRequestException;
import dev.duo.ModelNotFoundException;
import dev.duo.ProviderUnavailableException;
import dev.duo.internal.call.ScriptedClient.Answer;
import dev.duo.internal.call.ScriptedClient.DropAfter;
import dev.duo.internal.call.ScriptedClient.Fail;
import dev.duo.internal.call.ScriptedClient.Stall;
import dev.duo.call.RetryPolicy;
import dev.duo.call.RoutingEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fallback models inside the one call, on virtual time: when the call moves on, with whose
 * request and deadlines, what never moves it, and streams before and after their first chunk.
 */
class FallbackTest {

    static final DuoException DOWN = new ProviderUnavailableException("503 overloaded");

    @Test
    void theHappyPathNeverRendersTheFallback() {
        RouteRig rig = new RouteRig(List.of(), List.of());
        Object out = rig.execute(rig.route());

        assertThat(((Completion) out).text()).isEqualTo("from A");
        assertThat(rig.rendersOfB).hasValue(0);
        assertThat(rig.b.attempts).isEmpty();
        assertThat(rig.kinds).containsExactly("request", "response:A");
    }

    @Test
    void aRetryableFailureAfterThePrimarysOwnRetriesMovesTheCallToTheFallbackWithItsOwnRequest() {
        RouteRig rig = new RouteRig(List.of(new Fail(DOWN), new Fail(DOWN), new Fail(DOWN)), List.of(new Answer("saved by B")));
        Object out = rig.execute(rig.route());

        Completion c = (Completion) out;
        assertThat(c.text()).isEqualTo("saved by B");
        assertThat(c.provenance().orElseThrow().model()).isEqualTo("B");
        assertThat(c.provenance().orElseThrow().prompt()).isEqualTo("code_suggestions/generations/llama3/1.0.0");
        assertThat(rig.a.attempts).hasSize(3);
        assertThat(rig.b.requests).containsExactly(RouteRig.REQUEST_B);
        assertThat(rig.b.attempts.get(0).number()).as("the fallback's attempts count from 1").isEqualTo(1);
        assertThat(rig.b.attempts.get(0).timeout()).as("B's own attempt timeout").isEqualTo(Duration.ofSeconds(5));
        assertThat(rig.kinds).containsExactly("request", "retry", "retry", "fallback", "response:B");
        RoutingEvent e = rig.routing.get(0);
        assertThat(e.model()).isEqualTo("A");
        assertThat(e.fallbackModel()).contains("B");
        assertThat(e.featureKey()).contains("code_generations");
        assertThat(e.cause()).containsSame(DOWN);
        assertThat(e.attributes()).containsEntry(RoutingEvent.EVENT, "fallback").containsEntry(RoutingEvent.FALLBACK_MODEL, "B");
        assertThat(rig.calls.get(rig.calls.size() - 1).attempts()).as("attempts of the whole call").isEqualTo(4);
    }

    @Test
    void modelNotFoundFallsBackBecauseTheDeploymentIsGone() {
        RouteRig rig = new RouteRig(List.of(new Fail(new ModelNotFoundException("404 model not deployed"))), List.of());
        Object out = rig.execute(rig.route());

        assertThat(((Completion) out).text()).isEqualTo("from B");
        assertThat(rig.a.attempts).as("not retried on A").hasSize(1);
    }

    @Test
    void errorsThatWouldFailOnEveryModelOrNeedAFixDoNotFallBack() {
        for (DuoException e : List.of(new InvalidRequestException("400 bad request"), new AuthenticationException("401"),
                new InvalidInputException("missing input"))) {
            RouteRig rig = new RouteRig(List.of(new Fail(e)), List.of());
            Object out = rig.execute(rig.route());

            assertThat(out).as(e.getClass().getSimpleName()).isSameAs(e);
            assertThat(rig.b.attempts).isEmpty();
            assertThat(rig.rendersOfB).hasValue(0);
        }
    }

    @Test
    void theWholeCallEndsWithinThePrimarysDeadlineAndTheFallbackGetsWhatIsLeft() {
        RouteRig rig = new RouteRig(RetryPolicy.DEFAULTS.withMaxAttempts(2), false,
                List.of(new Stall(), new Stall()), List.of(new Stall()));
        Object out = rig.execute(rig.route());

        assertThat(out).isInstanceOf(DuoTimeoutException.class);
        assertThat((DuoException) out).hasMessageContaining("the call did not finish within its deadline of 25000 ms");
        assertThat(rig.vt.elapsed()).isEqualTo(Duration.ofSeconds(25));
        assertThat(rig.b.attempts).hasSize(1);
        assertThat(rig.b.attempts.get(0).timeout()).as("B's 5 s attempt, cut to what is left of 25 s")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(rig.kinds).containsExactly("request", "retry", "fallback", "error:B");
    }

    @Test
    void anAsyncCallFallsBackToo() {
        RouteRig rig = new RouteRig(List.of(new Fail(DOWN), new Fail(DOWN), new Fail(DOWN)), List.of());
        var f = rig.async(rig.route());
        rig.vt.runUntil(f::isDone);

        assertThat(f.join().text()).isEqualTo("from B");
    }

    @Test
    void aStreamFallsBackBeforeItsFirstChunkButNeverAfter() {
        RouteRig before = new RouteRig(List.of(new Fail(DOWN), new Fail(DOWN), new Fail(DOWN)), List.of(new Answer("b1 b2")));
        StreamRecorder r1 = new StreamRecorder();
        before.runtime.stream(before.route(), r1);
        before.vt.runUntil(() -> !r1.terminals.isEmpty());
        assertThat(r1.chunks).containsExactly("b1 ", "b2");
        assertThat(r1.terminals).singleElement().isInstanceOf(Completion.class);

        RouteRig after = new RouteRig(List.of(new DropAfter(1)), List.of());
        StreamRecorder r2 = new StreamRecorder();
        after.runtime.stream(after.route(), r2);
        after.vt.runUntil(() -> !r2.terminals.isEmpty());
        assertThat(r2.chunks).containsExactly("from ");
        assertThat(r2.terminals).singleElement().isInstanceOf(ProviderUnavailableException.class);
        assertThat(after.b.attempts).isEmpty();
    }

    @Test
    void aFallbackWhosePromptDoesNotRenderEndsTheCallWithThePrimarysFailure() {
        RouteRig rig = new RouteRig(List.of(new Fail(DOWN), new Fail(DOWN), new Fail(DOWN)), List.of());
        Route route = Route.of(rig.ctxA(), rig.a, RouteRig.REQUEST_A).orElse(rig.ctxB(), rig.b, () -> {
            throw new InvalidInputException("B's prompt needs the input 'language'");
        });
        Object out = rig.execute(route);

        assertThat(out).isSameAs(DOWN);
        assertThat(((DuoException) out).getSuppressed()).singleElement().asString().contains("needs the input 'language'");
    }

    /** Records a stream's chunks and terminal. */
    static final class StreamRecorder implements dev.duo.StreamListener {
        final List<String> chunks = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Object> terminals = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void onChunk(String text) {
            chunks.add(text);
        }

        @Override
        public void onComplete(Completion completion) {
            terminals.add(completion);
        }

        @Override
        public void onError(DuoException error) {
            terminals.add(error);
        }
    }
}
