package dev.duo.model;

import java.time.Duration;
import java.util.Optional;

/**
 * A model's circuit breaker ({@code circuit_breaker:} under a model in duo.yml): over the last
 * {@code sliding_window} feature calls to the model (calls, not attempts: a call's retries are one
 * outcome), once at least {@code minimum_calls} have ended and {@code failure_rate_threshold} percent
 * of them failed, the circuit opens and calls skip the model at once (to the feature's next
 * fallback model, else with {@code ProviderUnavailableException}) for {@code wait_in_open}; then
 * {@code half_open_calls} probe calls decide whether it closes again.
 *
 * <p>The defaults suit model servers: a model whose every call fails is skipped after 5 failing
 * calls (resilience4j's own default window of 100 calls is far too slow for a model that is down)
 * and gets no probe for 30 s. What counts as a failure: a timeout, an unavailable provider, a model
 * the provider does not know (404: the deployment is gone) and an invalid response; not a rate
 * limit (the shared rate-limit pause handles those), not the caller's own errors (validation,
 * authentication), not a cancel.
 *
 * <pre>{@code
 * // duo.yml:  circuit_breaker: { failure_rate_threshold: 50, sliding_window: 10, minimum_calls: 5, wait_in_open: 30s }
 * CircuitBreakerSettings cb = CircuitBreakerSettings.DEFAULTS.withWaitInOpen(Duration.ofMinutes(1));
 * SelfHostedModel m = model.toBuilder().circuitBreaker(cb).build();
 * }</pre>
 *
 * @param enabled true or false as written; null when not written: on, except for a client whose
 *     every model is served by one test fake ({@code DuoClient.builder().modelClient(...)})
 * @param failureRateThreshold percent of failed calls in the window that opens the circuit, 1 to 100
 * @param slidingWindow how many of the latest calls are counted, 1 to 1000
 * @param minimumCalls calls that must have ended before the rate is judged, 1 to {@code slidingWindow}
 * @param waitInOpen how long an open circuit skips the model before probing it, 1 s to 1 h
 * @param halfOpenCalls probe calls let through when half open, 1 to 100
 */
public record CircuitBreakerSettings(Boolean enabled, int failureRateThreshold, int slidingWindow, int minimumCalls,
                                     Duration waitInOpen, int halfOpenCalls) {

    /** On (unless a test fake serves every model), 50 % of the last 10 calls with at least 5 ended, 30 s open, 2 probes. */
    public static final CircuitBreakerSettings DEFAULTS = new CircuitBreakerSettings(null, 50, 10, 5,
            Duration.ofSeconds(30), 2);

    /** Off for this model. */
    public static final CircuitBreakerSettings OFF = DEFAULTS.withEnabled(false);

    /** Checks each range, naming the duo.yml key and the fix. */
    public CircuitBreakerSettings {
        range("failure_rate_threshold", failureRateThreshold, 1, 100, "a percentage such as 50");
        range("sliding_window", slidingWindow, 1, 1000, "a count of calls such as 10");
        range("minimum_calls", minimumCalls, 1, slidingWindow, "at most sliding_window (" + slidingWindow + ")");
        range("half_open_calls", halfOpenCalls, 1, 100, "a count of probe calls such as 2");
        if (waitInOpen == null || waitInOpen.compareTo(Duration.ofSeconds(1)) < 0 || waitInOpen.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("circuit_breaker.wait_in_open is " + (waitInOpen == null ? "missing"
                    : waitInOpen.toMillis() + " ms") + ": set it between 1s and 1h, such as 30s");
        }
    }

    private static void range(String key, int value, int min, int max, String hint) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("circuit_breaker." + key + " is " + value + ": set it between " + min
                    + " and " + max + " (" + hint + ")");
        }
    }

    /** Whether the breaker runs, given whether this client's models are all served by one test fake. */
    public boolean activeFor(boolean testFake) {
        return enabled != null ? enabled : !testFake;
    }

    /** Whether {@code enabled} was written. */
    public Optional<Boolean> enabledSetting() {
        return Optional.ofNullable(enabled);
    }

    /** With {@code enabled} set (null: the default). */
    public CircuitBreakerSettings withEnabled(Boolean on) {
        return new CircuitBreakerSettings(on, failureRateThreshold, slidingWindow, minimumCalls, waitInOpen, halfOpenCalls);
    }

    /** With another threshold, in percent. */
    public CircuitBreakerSettings withFailureRateThreshold(int percent) {
        return new CircuitBreakerSettings(enabled, percent, slidingWindow, minimumCalls, waitInOpen, halfOpenCalls);
    }

    /** With another window and minimum, in calls. */
    public CircuitBreakerSettings withWindow(int calls, int minimum) {
        return new CircuitBreakerSettings(enabled, failureRateThreshold, calls, minimum, waitInOpen, halfOpenCalls);
    }

    /** With another time in open. */
    public CircuitBreakerSettings withWaitInOpen(Duration d) {
        return new CircuitBreakerSettings(enabled, failureRateThreshold, slidingWindow, minimumCalls, d, halfOpenCalls);
    }

    /** With another count of half-open probes. */
    public CircuitBreakerSettings withHalfOpenCalls(int calls) {
        return new CircuitBreakerSettings(enabled, failureRateThreshold, slidingWindow, minimumCalls, waitInOpen, calls);
    }
}
