package dev.duo.testkit;

import dev.duo.spi.Attempt;
import dev.duo.model.Timeouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.AuthenticationException;
import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.DuoTimeoutException;
import dev.duo.FinishReason;
import dev.duo.InvalidRequestException;
import dev.duo.InvalidResponseException;
import dev.duo.Message;
import dev.duo.ModelNotFoundException;
import dev.duo.ProviderUnavailableException;
import dev.duo.RateLimitedException;
import dev.duo.StreamListener;
import dev.duo.spi.ModelRequest;
import dev.duo.testkit.internal.fake.VirtualTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class FakeModelClientTest {

    private static final ModelRequest REQUEST = ModelRequest.builder().messages(List.of(Message.user("hi"))).build();
    private final VirtualTime vt = new VirtualTime();

    @Test
    void answersFromTheQueueThenTheDefaultAndRecordsRequests() {
        FakeModelClient fake = FakeModelClient.answering("default");
        fake.enqueue(FakeModelClient.Answer.text("first").finishReason(FinishReason.LENGTH).usage(3, 1).requestId("r1"));

        Completion first = fake.complete(REQUEST, Attempt.of(Timeouts.DEFAULTS));
        Completion second = fake.complete(REQUEST, Attempt.of(Timeouts.DEFAULTS));

        assertThat(first.text()).isEqualTo("first");
        assertThat(first.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(first.requestId()).contains("r1");
        assertThat(second.text()).isEqualTo("default");
        assertThat(second.requestId()).contains("fake-2");
        assertThat(fake.requests()).containsExactly(REQUEST, REQUEST);
        assertThat(fake.lastRequest()).contains(REQUEST);
        fake.close();
    }

    @Test
    void mapsStatusFaultsToTheTaxonomy() {
        FakeModelClient fake = FakeModelClient.builder().faultPlan(FaultPlan.builder()
                .next(Fault.status(429).withRetryAfter(Duration.ofSeconds(3)))
                .next(Fault.status(400)).next(Fault.status(401)).next(Fault.status(403)).next(Fault.status(404))
                .next(Fault.status(408)).next(Fault.status(500)).next(Fault.status(503))
                .next(Fault.malformed()).next(Fault.reset()).next(Fault.disconnectAfterChunks(2))
                .build()).build();

        DuoException rateLimited = catchError(fake);
        assertThat(rateLimited).isInstanceOf(RateLimitedException.class);
        assertThat(rateLimited.retryable()).isTrue();
        assertThat(rateLimited.context().retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(rateLimited.context().status()).hasValue(429);
        assertThat(catchError(fake)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("status=400");
        assertThat(catchError(fake)).isInstanceOf(AuthenticationException.class);
        assertThat(catchError(fake)).isInstanceOf(AuthenticationException.class);
        assertThat(catchError(fake)).isInstanceOf(ModelNotFoundException.class);
        assertThat(catchError(fake)).isInstanceOf(DuoTimeoutException.class);
        assertThat(catchError(fake)).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("status=500");
        assertThat(catchError(fake)).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("status=503");
        DuoException malformed = catchError(fake);
        assertThat(malformed).isInstanceOf(InvalidResponseException.class);
        assertThat(malformed.retryable()).isFalse();
        assertThat(catchError(fake)).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("reset");
        assertThat(catchError(fake)).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("dropped");
        fake.enqueue("ok");
        assertThat(fake.complete(REQUEST, Attempt.of(Timeouts.DEFAULTS)).text()).isEqualTo("ok");
        assertThat(fake.requests()).hasSize(12);
        fake.close();
    }

    @Test
    void aBlockingStallWaitsOnItsSleeperAndGivesUp() {
        FakeModelClient fake = FakeModelClient.builder().sleeper(vt::sleep)
                .faultPlan(FaultPlan.builder().next(Fault.stall()).build()).build();

        assertThatThrownBy(() -> fake.complete(REQUEST, Attempt.of(Timeouts.DEFAULTS))).isInstanceOf(DuoTimeoutException.class)
                .hasMessageContaining("gave up");
        assertThat(vt.now()).isEqualTo(new VirtualTime().now().plus(Duration.ofMinutes(10)));
    }

    @Test
    void streamsOnItsExecutorChunkByChunk() {
        FakeModelClient fake = FakeModelClient.builder().executor(vt.executor())
                .defaultAnswer(FakeModelClient.Answer.text("one two three")).build();
        List<String> seen = new CopyOnWriteArrayList<>();

        var handle = fake.stream(REQUEST, Attempt.of(Timeouts.DEFAULTS), recorder(seen));
        assertThat(seen).isEmpty();   // nothing on the caller's thread
        assertThat(fake.openStreams()).isEqualTo(1);
        vt.runAll();

        assertThat(seen).containsExactly("one ", "two ", "three", "complete:one two three");
        assertThat(handle.isDone()).isTrue();
        assertThat(fake.openStreams()).isZero();
    }

    @Test
    void aStalledStreamEndsOnlyWhenCancelledOrClosed() {
        FakeModelClient fake = FakeModelClient.builder().executor(vt.executor()).defaultAnswer(FakeModelClient.Answer.text("ok"))
                .faultPlan(FaultPlan.builder().next(Fault.stall()).next(Fault.stallAfterChunks(1)).build()).build();
        List<String> first = new CopyOnWriteArrayList<>();
        List<String> second = new CopyOnWriteArrayList<>();

        var h = fake.stream(REQUEST, Attempt.of(Timeouts.DEFAULTS), recorder(first));
        fake.stream(REQUEST, Attempt.of(Timeouts.DEFAULTS), recorder(second));
        vt.runAll();
        assertThat(first).isEmpty();
        assertThat(second).containsExactly("ok");
        assertThat(fake.openStreams()).isEqualTo(2);

        h.cancel();
        h.cancel();
        vt.runAll();
        assertThat(first).containsExactly("error:CancelledException");
        fake.close();
        vt.runAll();
        assertThat(second).containsExactly("ok", "error:ProviderUnavailableException");
        assertThat(fake.openStreams()).isZero();
        assertThatThrownBy(() -> fake.complete(REQUEST, Attempt.of(Timeouts.DEFAULTS))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFaultDoesNotUseUpAScriptedAnswer() {
        FakeModelClient fake = FakeModelClient.builder().faultPlan(FaultPlan.builder().next(Fault.status(503)).build()).build();
        fake.enqueue("scripted");
        catchError(fake);
        assertThat(fake.complete(REQUEST, Attempt.of(Timeouts.DEFAULTS)).text()).isEqualTo("scripted");
        fake.close();
    }

    private static DuoException catchError(FakeModelClient fake) {
        try {
            fake.complete(REQUEST, Attempt.of(Timeouts.DEFAULTS));
        } catch (DuoException e) {
            return e;
        }
        throw new AssertionError("no error");
    }

    private static StreamListener recorder(List<String> seen) {
        return new StreamListener() {
            @Override
            public void onChunk(String text) {
                seen.add(text);
            }

            @Override
            public void onComplete(Completion completion) {
                seen.add("complete:" + completion.text());
            }

            @Override
            public void onError(DuoException error) {
                seen.add("error:" + error.getClass().getSimpleName());
            }
        };
    }
}
