package dev.duo.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.CancelledException;
import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.DuoTimeoutException;
import dev.duo.ErrorContext;
import dev.duo.InvalidRequestException;
import dev.duo.ProviderUnavailableException;
import dev.duo.RateLimitedException;
import dev.duo.internal.call.ScriptedClient.Answer;
import dev.duo.internal.call.ScriptedClient.Fail;
import dev.duo.internal.call.ScriptedClient.Stall;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A blocking call is a plain loop on the caller's thread, in virtual time: retries, waits,
 * deadlines, interrupts and closing the client, each with its exact outcome.
 */
class BlockingCallTest {

    static final DuoException UNAVAILABLE = new ProviderUnavailableException("503 overloaded");

    @Test
    void answersOnTheCallersThreadAndTellsListenersFirst() {
        try (Rig rig = new Rig()) {
            Object out = rig.execute(Rig.ctx().build());

            assertThat(out).isInstanceOf(Completion.class);
            Completion c = (Completion) out;
            assertThat(c.text()).isEqualTo("one two three");
            assertThat(c.provenance()).isPresent();
            assertThat(rig.client.threads).containsExactly(Thread.currentThread());
            assertThat(rig.events.kinds).containsExactly("request", "response");
            assertThat(rig.events.all.get(1).attempts()).isEqualTo(1);
            assertThat(rig.vt.pendingTimers()).as("the attempt's deadline is disarmed").isLessThanOrEqualTo(1);
        }
    }

    @Test
    void retriesOnTheCallersThreadAfterAVirtualBackoff() {
        try (Rig rig = new Rig(new Fail(UNAVAILABLE), new Answer("fine"))) {
            Object out = rig.execute(Rig.ctx().build());

            assertThat(out).isInstanceOf(Completion.class);
            assertThat(rig.client.threads).containsExactly(Thread.currentThread(), Thread.currentThread());
            assertThat(rig.vt.elapsed()).isBetween(Duration.ofMillis(250), Duration.ofMillis(750));
            assertThat(rig.events.kinds).containsExactly("request", "retry", "response");
            assertThat(rig.warnings()).singleElement().asString().contains("attempt 1/3 failed, retrying in");
        }
    }

    @Test
    void theKindOfCallAloneDecidesTheThreadEvenWhenTheDeadlineIsShorterThanAnAttempt() {
        try (Rig rig = new Rig(new Fail(UNAVAILABLE), new Answer("fine"))) {
            rig.execute(Rig.ctx().totalTimeout(Duration.ofSeconds(2)).build());

            assertThat(rig.client.threads).containsExactly(Thread.currentThread(), Thread.currentThread());
        }
    }

    @Test
    void aStalledProviderIsCutByEachAttemptsTimeoutThenByWhatIsLeftOfTheTotal() {
        try (Rig rig = new Rig(new Stall(), new Stall(), new Stall(), new Stall())) {
            Object out = rig.execute(Rig.ctx().build());

            assertThat(out).isInstanceOf(DuoTimeoutException.class);
            assertThat(((DuoException) out)).hasMessageContaining("deadline of 25000 ms");
            assertThat(rig.vt.elapsed()).isEqualTo(Duration.ofSeconds(25));
            assertThat(rig.client.attempts).hasSize(3);
            assertThat(rig.client.attempts.get(0).timeout()).isEqualTo(Duration.ofSeconds(10));
            Duration third = rig.client.attempts.get(2).timeout();
            assertThat(third).as("the last attempt gets what is left of 25 s").isLessThan(Duration.ofSeconds(5));
            assertThat(rig.client.attempts).allSatisfy(a -> assertThat(a.isCancelled()).isTrue());
        }
    }

    @Test
    void aTotalShorterThanOneAttemptCapsTheAttempt() {
        try (Rig rig = new Rig(new Stall())) {
            Object out = rig.execute(Rig.ctx().totalTimeout(Duration.ofSeconds(2)).build());

            assertThat(out).isInstanceOf(DuoTimeoutException.class);
            assertThat(((DuoException) out)).hasMessageContaining("deadline of 2000 ms").hasMessageContaining("timeouts.total");
            assertThat(rig.client.attempts).singleElement().satisfies(a -> assertThat(a.timeout()).isEqualTo(Duration.ofSeconds(2)));
            assertThat(rig.vt.elapsed()).isEqualTo(Duration.ofSeconds(2));
        }
    }

    @Test
    void aRetryAfterLongerThanTheBackoffIsHonoured() {
        DuoException limited = new RateLimitedException("slow down", null,
                ErrorContext.builder().status(429).retryAfter(Duration.ofSeconds(7)).build());
        try (Rig rig = new Rig(new Fail(limited), new Answer("ok"))) {
            rig.execute(Rig.ctx().build());

            assertThat(rig.vt.elapsed()).isEqualTo(Duration.ofSeconds(7));
            assertThat(rig.client.requests).hasSize(2);
        }
    }

    @Test
    void aClientErrorIsNotRetried() {
        try (Rig rig = new Rig(new Fail(new InvalidRequestException("bad request")))) {
            Object out = rig.execute(Rig.ctx().build());

            assertThat(out).isInstanceOf(InvalidRequestException.class);
            assertThat(rig.client.requests).hasSize(1);
            assertThat(rig.events.kinds).containsExactly("request", "error");
            assertThat(rig.warnings()).isEmpty();
        }
    }

    @Test
    void anInterruptBeforeTheCallCancelsItWithoutCallingTheModel() {
        try (Rig rig = new Rig()) {
            Thread.currentThread().interrupt();
            Object out = rig.execute(Rig.ctx().build());

            assertThat(Thread.interrupted()).as("the interrupt stays set for the caller").isTrue();
            assertThat(out).isInstanceOf(CancelledException.class);
            assertThat(((DuoException) out)).hasMessageContaining("interrupted");
            assertThat(rig.client.requests).isEmpty();
            assertThat(rig.events.kinds).containsExactly("request", "error");
        }
    }

    @Test
    void anInterruptDuringAStalledAttemptCancelsItsHttpCallWithinAFractionOfASecond() {
        // the client ignores interrupts, as an HTTP client blocked in a socket read does
        try (Rig rig = new Rig(new Stall())) {
            Thread caller = Thread.currentThread();
            rig.vt.scheduler().schedule(caller::interrupt, Duration.ofSeconds(1));

            Object out = rig.execute(Rig.ctx().build());

            assertThat(Thread.interrupted()).isTrue();
            assertThat(out).isInstanceOf(CancelledException.class);
            assertThat(rig.vt.elapsed()).isBetween(Duration.ofSeconds(1), Duration.ofMillis(1000 + CallRuntime.WATCH_MILLIS));
            assertThat(rig.client.attempts).singleElement().satisfies(a -> assertThat(a.isCancelled()).isTrue());
            assertThat(rig.warnings()).as("no retry WARN after a cancel").isEmpty();
            assertThat(rig.events.kinds).containsExactly("request", "error");
        }
    }

    @Test
    void anInterruptDuringTheBackoffEndsTheCallWithNoFurtherAttempt() {
        try (Rig rig = new Rig(new Fail(UNAVAILABLE), new Answer("never"))) {
            Thread caller = Thread.currentThread();
            rig.vt.scheduler().schedule(caller::interrupt, Duration.ofMillis(100));

            Object out = rig.execute(Rig.ctx().build());

            assertThat(Thread.interrupted()).isTrue();
            assertThat(out).isInstanceOf(CancelledException.class).hasFieldOrProperty("message");
            assertThat(rig.client.requests).hasSize(1);
            assertThat(rig.vt.elapsed()).isEqualTo(Duration.ofMillis(100));
            assertThat(rig.events.kinds).containsExactly("request", "retry", "error");
        }
    }

    @Test
    void closingTheRuntimeCancelsACallInFlightAndRefusesNewOnes() {
        try (Rig rig = new Rig(new Stall())) {
            rig.vt.scheduler().schedule(rig.runtime::close, Duration.ofSeconds(1));

            Object out = rig.execute(Rig.ctx().build());

            assertThat(out).isInstanceOf(CancelledException.class);
            assertThat(((DuoException) out)).hasMessageContaining("DuoClient was closed");
            assertThat(rig.vt.elapsed()).isEqualTo(Duration.ofSeconds(1));
            assertThat(rig.client.attempts).singleElement().satisfies(a -> assertThat(a.isCancelled()).isTrue());
            assertThat(rig.runtime.inFlight()).isZero();

            Object after = rig.execute(Rig.ctx().build());
            assertThat(after).isInstanceOf(DuoException.class);
            assertThat(((DuoException) after)).hasMessageContaining("closed").hasMessageContaining("open DuoClient");
            assertThat(rig.client.requests).hasSize(1);
        }
    }
}
