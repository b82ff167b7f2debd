package dev.duo.internal.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.ErrorContext;
import dev.duo.InvalidRequestException;
import dev.duo.ProviderUnavailableException;
import dev.duo.RateLimitedException;
import dev.duo.call.RetryPolicy;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The runtime's own retry decision against resilience4j's exponential random backoff, which it
 * replaced (resilience4j-core stays on the class path for the circuit breaker): the same waits
 * without jitter, the same bounds with it, the same count of attempts and the same errors.
 */
class RetryScheduleTest {

    private static final ProviderUnavailableException UNAVAILABLE = new ProviderUnavailableException("503");

    @Test
    void withoutJitterEveryWaitIsResilience4jsToTheMillisecond() {
        Random rnd = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            long initial = 1 + rnd.nextInt(5_000);
            double multiplier = 1 + rnd.nextDouble() * 9;
            long max = initial + rnd.nextInt(120_000);
            RetryPolicy p = new RetryPolicy(100, Duration.ofMillis(initial), multiplier, 0, Duration.ofMillis(max));
            IntervalFunction theirs = IntervalFunction.ofExponentialRandomBackoff(initial, multiplier, 0.0, max);
            RetrySchedule ours = RetrySchedule.of(p);
            for (int attempt = 1; attempt <= 12; attempt++) {
                assertThat(ours.backoffMillis(attempt)).as("%s attempt %d", p, attempt).isEqualTo(theirs.apply(attempt));
            }
        }
    }

    @Test
    void withJitterEveryWaitStaysWithinResilience4jsBoundsAndSpreadsOverThem() {
        RetrySchedule ours = RetrySchedule.of(RetryPolicy.DEFAULTS);   // 500 ms x2, jitter 0.5, at most 20 s
        long lo = Long.MAX_VALUE;
        long hi = 0;
        for (int i = 0; i < 20_000; i++) {
            long w = ours.backoffMillis(2);                            // 1,000 ms spread by half: 500 to 1,500
            assertThat(w).isBetween(500L, 1_500L);
            lo = Math.min(lo, w);
            hi = Math.max(hi, w);
        }
        assertThat(lo).isLessThan(520);
        assertThat(hi).isGreaterThan(1_480);
        for (int i = 0; i < 1_000; i++) {
            assertThat(ours.backoffMillis(10)).as("capped after the spread").isEqualTo(20_000);
        }
    }

    @Test
    void aLegGetsMaxAttemptsInAllAndItsOwnCount() {
        RetrySchedule schedule = RetrySchedule.of(RetryPolicy.DEFAULTS.withJitter(0));
        RetrySchedule.Tries tries = schedule.forLeg();
        assertThat(tries.onError(UNAVAILABLE)).isEqualTo(500);
        assertThat(tries.onError(UNAVAILABLE)).isEqualTo(1_000);
        assertThat(tries.onError(UNAVAILABLE)).as("the third failure of three attempts").isEqualTo(-1);
        assertThat(schedule.forLeg().onError(UNAVAILABLE)).as("another leg counts afresh").isEqualTo(500);
        assertThat(RetrySchedule.of(RetryPolicy.DEFAULTS.withMaxAttempts(1)).forLeg().onError(UNAVAILABLE)).isEqualTo(-1);
    }

    @Test
    void anErrorThatIsNotRetryableEndsTheLegWithoutCountingAndARetryAfterWinsWhenLonger() {
        RetrySchedule.Tries tries = RetrySchedule.of(RetryPolicy.DEFAULTS.withJitter(0)).forLeg();
        assertThat(tries.onError(new InvalidRequestException("400"))).isEqualTo(-1);
        RateLimitedException slow = new RateLimitedException("429", null,
                ErrorContext.builder().status(429).retryAfter(Duration.ofSeconds(7)).build());
        assertThat(tries.onError(slow)).as("the first failure counted").isEqualTo(7_000);
        RateLimitedException quick = new RateLimitedException("429", null,
                ErrorContext.builder().status(429).retryAfter(Duration.ofMillis(10)).build());
        assertThat(tries.onError(quick)).isEqualTo(1_000);
    }

    @Test
    void backoffsUnderOneMillisecondFailAsResilience4jFailedThem() {
        RetryPolicy tinyMax = new RetryPolicy(3, Duration.ofNanos(1_000), 2, 0, Duration.ofNanos(900_000));
        assertThatThrownBy(() -> RetrySchedule.of(tinyMax)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Illegal argument interval: 0 millis is less than 1");
        RetrySchedule tinyInitial = RetrySchedule.of(new RetryPolicy(3, Duration.ofNanos(1_000), 2, 0, Duration.ofSeconds(1)));
        assertThatThrownBy(() -> tinyInitial.forLeg().onError(UNAVAILABLE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Illegal argument interval: 0 millis is less than 1");
    }
}
