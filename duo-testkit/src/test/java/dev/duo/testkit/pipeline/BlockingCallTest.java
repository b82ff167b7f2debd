package dev.duo.testkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.AuthenticationException;
import dev.duo.CancelledException;
import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.DuoTimeoutException;
import dev.duo.FinishReason;
import dev.duo.InvalidRequestException;
import dev.duo.InvalidResponseException;
import dev.duo.ModelNotFoundException;
import dev.duo.ModelParams;
import dev.duo.ProviderUnavailableException;
import dev.duo.RateLimitedException;
import dev.duo.call.CallEvent;
import dev.duo.call.GenAiAttributes;
import dev.duo.call.RetryPolicy;
import dev.duo.spi.ModelRequest;
import dev.duo.testkit.Fault;
import dev.duo.testkit.FakeModelClient;
import dev.duo.testkit.FaultPlan;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class BlockingCallTest {

    @Test
    void answersAndTellsListenersWithGenAiAttributes() {
        Fixture fx = new Fixture(FaultPlan.none());
        fx.fake.enqueue(FakeModelClient.Answer.text("print(1)").usage(12, 3).finishReason(FinishReason.LENGTH)
                .requestId("req-1"));

        Completion c = fx.async(Fixture.ctx().build(), Fixture.REQUEST).join();

        assertThat(c.text()).isEqualTo("print(1)");
        assertThat(c.provenance()).contains(new dev.duo.admin.Provenance("code_generations", "Mixtral 8x22b [Fireworks AI]",
                "mixtral", "fireworks_ai", "code_suggestions/generations/base/2.0.3"));
        assertThat(fx.fake.requests()).containsExactly(Fixture.REQUEST);
        assertThat(fx.events.kinds).containsExactly("request", "response");
        CallEvent e = fx.events.last("response");
        assertThat(e.usage()).hasValueSatisfying(u -> assertThat(u.outputTokens()).isEqualTo(3));
        assertThat(e.attributes())
                .containsEntry(GenAiAttributes.OPERATION_NAME, "chat")
                .containsEntry(GenAiAttributes.SYSTEM, "fireworks_ai")
                .containsEntry(GenAiAttributes.REQUEST_MODEL, "accounts/fireworks/models/mixtral-8x22b-instruct")
                .containsEntry(GenAiAttributes.USAGE_INPUT_TOKENS, 12L)
                .containsEntry(GenAiAttributes.USAGE_OUTPUT_TOKENS, 3L)
                .containsEntry(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("length"))
                .containsEntry(GenAiAttributes.RESPONSE_ID, "req-1")
                .containsEntry(GenAiAttributes.DUO_FEATURE, "code_generations")
                .containsEntry(GenAiAttributes.DUO_FAMILY, "mixtral")
                .containsEntry(GenAiAttributes.DUO_ATTEMPTS, 1L);
        assertThat(e.provider()).isEqualTo("fireworks_ai");
    }

    @Test
    void retriesA503WithBackoffInVirtualTime() {
        Fixture fx = new Fixture(FaultPlan.builder().next(Fault.status(503)).build());

        Completion c = fx.async(Fixture.ctx().build(), Fixture.REQUEST).join();

        assertThat(c.text()).isEqualTo("ok");
        assertThat(fx.fake.requests()).hasSize(2);
        // 500 ms with jitter 0.5
        assertThat(fx.elapsed()).isBetween(Duration.ofMillis(250), Duration.ofMillis(750));
        assertThat(fx.events.kinds).containsExactly("request", "retry", "response");
        assertThat(fx.events.last("response").attempts()).isEqualTo(2);
    }

    @Test
    void honoursRetryAfterWhenLongerThanTheBackoff() {
        Fixture fx = new Fixture(FaultPlan.builder()
                .next(Fault.status(429).withRetryAfter(Duration.ofSeconds(7))).build());

        fx.async(Fixture.ctx().build(), Fixture.REQUEST).join();

        assertThat(fx.fake.requests()).hasSize(2);
        assertThat(fx.elapsed()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void failsAtOnceWhenTheRetryAfterWouldPassTheDeadline() {
        Fixture fx = new Fixture(FaultPlan.builder()
                .next(Fault.status(429).withRetryAfter(Duration.ofMinutes(10))).build());

        DuoException e = fx.failure(fx.async(Fixture.ctx().build(), Fixture.REQUEST));

        assertThat(e).isInstanceOf(RateLimitedException.class);
        assertThat(e.context().retryAfter()).contains(Duration.ofMinutes(10));
        assertThat(e.context().status()).hasValue(429);
        assertThat(fx.fake.requests()).hasSize(1);
        assertThat(fx.elapsed()).isZero();
    }

    @Test
    void neverRetriesClientErrors() {
        record Case(int status, Class<? extends DuoException> type) {
        }
        for (Case c : List.of(new Case(400, InvalidRequestException.class), new Case(401, AuthenticationException.class),
                new Case(403, AuthenticationException.class), new Case(404, ModelNotFoundException.class),
                new Case(413, InvalidRequestException.class))) {
            Fixture fx = new Fixture(FaultPlan.builder().next(Fault.status(c.status())).build());
            DuoException e = fx.failure(fx.async(Fixture.ctx().build(), Fixture.REQUEST));
            assertThat(e).as("status %d", c.status()).isInstanceOf(c.type());
            assertThat(e.retryable()).isFalse();
            assertThat(e.context().status()).hasValue(c.status());
            assertThat(fx.fake.requests()).hasSize(1);
            assertThat(fx.events.kinds).containsExactly("request", "error");
        }
    }

    @Test
    void malformedAnswersAreNotRetried() {
        Fixture fx = new Fixture(FaultPlan.builder().next(Fault.malformed()).build());
        assertThat(fx.failure(fx.async(Fixture.ctx().build(), Fixture.REQUEST))).isInstanceOf(InvalidResponseException.class);
        assertThat(fx.fake.requests()).hasSize(1);
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheLastError() {
        Fixture fx = new Fixture(FaultPlan.builder().next(2, Fault.status(503)).next(Fault.reset()).build());

        DuoException e = fx.failure(fx.async(Fixture.ctx().build(), Fixture.REQUEST));

        assertThat(e).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("reset");
        assertThat(fx.fake.requests()).hasSize(3);
        assertThat(fx.events.kinds).containsExactly("request", "retry", "retry", "error");
    }

    @Test
    void aStalledProviderIsCutByTheAttemptTimeoutThenTheDeadline() {
        // attempt 10 s, total 25 s: two stalled attempts of 10 s, the third cut at 25 s
        Fixture fx = new Fixture(FaultPlan.builder().next(5, Fault.stall()).build());

        DuoException e = fx.failure(fx.async(Fixture.ctx().build(), Fixture.REQUEST));

        assertThat(e).isInstanceOf(DuoTimeoutException.class);
        assertThat(fx.elapsed()).isEqualTo(Duration.ofSeconds(25));
        assertThat(fx.fake.requests()).hasSize(3);
    }

    @Test
    void aDeadlineShorterThanOneAttemptCutsTheAttempt() {
        Fixture fx = new Fixture(FaultPlan.builder().next(Fault.stall()).build());

        DuoException e = fx.failure(fx.async(Fixture.ctx().totalTimeout(Duration.ofSeconds(2)).build(), Fixture.REQUEST));

        assertThat(e).isInstanceOf(DuoTimeoutException.class).hasMessageContaining("2000 ms");
        assertThat(fx.elapsed()).isEqualTo(Duration.ofSeconds(2));
        assertThat(fx.fake.requests()).hasSize(1);
    }

    @Test
    void thePromptsParamsTimeoutIsTheOverallDeadline() {
        Fixture fx = new Fixture(FaultPlan.builder().next(Fault.stall()).build());
        ModelRequest r = Fixture.REQUEST.toBuilder().params(ModelParams.builder().timeout(Duration.ofSeconds(3)).build()).build();

        fx.failure(fx.async(Fixture.ctx().build(), r));

        assertThat(fx.elapsed()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void anAbsurdParamsTimeoutFailsTheCallWithAMessage() {
        Fixture fx = new Fixture(FaultPlan.none());
        ModelRequest r = Fixture.REQUEST.toBuilder().params(ModelParams.builder().timeout(Duration.ofDays(3)).build()).build();

        DuoException e = fx.failure(fx.async(Fixture.ctx().build(), r));

        assertThat(e).hasMessageContaining("timeouts.total must be at most 1 day");
        assertThat(fx.fake.requests()).isEmpty();
    }

    @Test
    void noRetryPolicyMeansOneAttempt() {
        Fixture fx = new Fixture(FaultPlan.builder().next(Fault.status(503)).build(), RetryPolicy.NONE, b -> { });
        assertThat(fx.failure(fx.async(Fixture.ctx().build(), Fixture.REQUEST))).isInstanceOf(ProviderUnavailableException.class);
        assertThat(fx.fake.requests()).hasSize(1);
    }

    @Test
    void cancellingTheFutureCancelsTheCall() {
        Fixture fx = new Fixture(FaultPlan.builder().next(Fault.stall()).build());
        CompletableFuture<Completion> f = fx.pipeline.executeAsync(Fixture.ctx().build(), fx.fake, Fixture.REQUEST);
        // the caller gives up after a virtual second, while the fake stalls inside complete()
        fx.vt.scheduler().schedule(() -> f.cancel(true), Duration.ofSeconds(1));
        fx.vt.runAll();

        assertThat(f).isCancelled();
        assertThat(fx.events.kinds).containsExactly("request", "error");
        assertThat(fx.events.last("error").error()).containsInstanceOf(CancelledException.class);
        assertThat(fx.fake.requests()).hasSize(1);
        assertThat(fx.elapsed()).isEqualTo(Duration.ofSeconds(1));
        assertThat(fx.vt.pendingTimers()).isZero();
    }

    @Test
    void cancellingBeforeTheAttemptStartsNeverCallsTheModel() {
        Fixture fx = new Fixture(FaultPlan.none());
        CompletableFuture<Completion> f = fx.pipeline.executeAsync(Fixture.ctx().build(), fx.fake, Fixture.REQUEST);

        f.cancel(true);
        fx.vt.runAll();

        assertThat(f).isCancelled();
        assertThat(fx.fake.requests()).isEmpty();
        assertThat(fx.events.kinds).containsExactly("request", "error");
        assertThat(fx.vt.pendingTimers()).isZero();
    }

    @Test
    void executeReturnsTheAnswerAndThrowsTheTypedError() {
        FakeModelClient fake = FakeModelClient.builder().defaultAnswer(FakeModelClient.Answer.text("ok"))
                .faultPlan(FaultPlan.builder().next(Fault.status(401).withMessage("bad key")).build()).build();
        var pipeline = dev.duo.internal.call.CallRuntime.builder().build();

        assertThatThrownBy(() -> pipeline.execute(Fixture.ctx().build(), fake, Fixture.REQUEST))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("bad key");
        assertThat(pipeline.execute(Fixture.ctx().build(), fake, Fixture.REQUEST).text()).isEqualTo("ok");
    }

    @Test
    void onRealThreadsAStalledProviderIsInterruptedAtTheDeadline() {
        // the system scheduler and worker threads; the fake really sleeps until interrupted
        FakeModelClient fake = FakeModelClient.builder().faultPlan(FaultPlan.builder().next(Fault.stall()).build()).build();
        var pipeline = dev.duo.internal.call.CallRuntime.builder().build();

        assertThatThrownBy(() -> pipeline.execute(Fixture.ctx().totalTimeout(Duration.ofMillis(200)).build(), fake, Fixture.REQUEST))
                .isInstanceOf(DuoTimeoutException.class).hasMessageContaining("deadline of 200 ms");
        assertThat(fake.requests()).hasSize(1);
    }

    @Test
    void anInterruptedCallerGetsACancelledException() {
        FakeModelClient fake = FakeModelClient.builder().faultPlan(FaultPlan.builder().next(Fault.stall()).build()).build();
        var pipeline = dev.duo.internal.call.CallRuntime.builder().build();

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> pipeline.execute(Fixture.ctx().build(), fake, Fixture.REQUEST))
                    .isInstanceOf(CancelledException.class).hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void nullArgumentsAreRejectedByName() {
        Fixture fx = new Fixture(FaultPlan.none());
        assertThatThrownBy(() -> fx.pipeline.executeAsync(null, fx.fake, Fixture.REQUEST)).hasMessage("ctx");
        assertThatThrownBy(() -> fx.pipeline.executeAsync(Fixture.ctx().build(), null, Fixture.REQUEST)).hasMessage("client");
        assertThatThrownBy(() -> fx.pipeline.executeAsync(Fixture.ctx().build(), fx.fake, null)).hasMessage("request");
        assertThatThrownBy(() -> fx.pipeline.stream(Fixture.ctx().build(), fx.fake, Fixture.REQUEST, null)).hasMessage("listener");
    }
}
