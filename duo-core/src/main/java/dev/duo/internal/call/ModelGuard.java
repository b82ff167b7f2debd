package dev.duo.internal.call;

import dev.duo.AuthenticationException;
import dev.duo.CancelledException;
import dev.duo.ConfigurationException;
import dev.duo.DuoException;
import dev.duo.InvalidInputException;
import dev.duo.InvalidRequestException;
import dev.duo.RateLimitedException;
import dev.duo.model.CircuitBreakerSettings;
import dev.duo.model.SelfHostedModel;
import dev.duo.call.ModelStatus;
import dev.duo.call.RoutingEvent;
import dev.duo.call.Scheduler;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model's health in one client: its circuit breaker (resilience4j, on the client's clock), its
 * shared rate-limit pause ({@link RateGate}) and its bound on requests in flight ({@link Bulkhead}).
 * The breaker counts feature calls to the model, not attempts: a call takes one permission when it
 * starts on the model and records one outcome when it leaves it. Thread-safe.
 */
final class ModelGuard {

    private static final Logger LOG = LoggerFactory.getLogger("dev.duo.routing");

    final String model;
    final CircuitBreakerSettings settings;
    final int maxConcurrent;
    final CircuitBreaker breaker;           // null when off
    final RateGate gate;
    final Bulkhead bulkhead;                // null when unbounded
    private final Clock clock;
    private final Consumer<RoutingEvent> events;
    private volatile Instant openUntil;
    // The state last reported. Not resilience4j's event publisher: with a consumer registered it makes
    // an event object for every call's outcome; comparing the state after each step costs one read.
    private final AtomicReference<CircuitBreaker.State> seen = new AtomicReference<>(CircuitBreaker.State.CLOSED);

    ModelGuard(SelfHostedModel m, boolean testFake, Clock clock, Scheduler scheduler, Consumer<RoutingEvent> events) {
        this.model = m.name();
        this.settings = m.circuitBreaker();
        this.maxConcurrent = m.maxConcurrentRequests();
        this.clock = clock;
        this.events = events;
        this.gate = new RateGate(clock, scheduler);
        this.bulkhead = maxConcurrent > 0 ? new Bulkhead(maxConcurrent) : null;
        this.breaker = settings.activeFor(testFake) ? breaker(m.name(), settings, clock) : null;
    }

    private static CircuitBreaker breaker(String name, CircuitBreakerSettings s, Clock clock) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(s.slidingWindow())
                .minimumNumberOfCalls(s.minimumCalls())
                .failureRateThreshold(s.failureRateThreshold())
                .waitDurationInOpenState(s.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(s.halfOpenCalls())
                // Open -> half open on the next call after the wait, on our clock: no timer thread of its own.
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .clock(clock)
                .currentTimestampFunction(Clock::millis, TimeUnit.MILLISECONDS)
                // A long generation is not a failure: slow calls never open the circuit.
                .slowCallDurationThreshold(Duration.ofDays(1))
                .writableStackTraceEnabled(false)
                .build();
        return CircuitBreaker.of(name, config);
    }

    /** Whether {@code e} says the model is unhealthy (counted by the breaker) rather than the caller wrong or the model busy. */
    static boolean countsAgainstModel(DuoException e) {
        return !(e instanceof RateLimitedException || e instanceof CancelledException
                || e instanceof AuthenticationException || e instanceof InvalidRequestException
                || e instanceof InvalidInputException || e instanceof ConfigurationException);
    }

    /** Takes the call's permission; false when the circuit is open (or half open with its probes out). */
    boolean tryEnter() {
        if (breaker == null) {
            return true;
        }
        boolean permitted = breaker.tryAcquirePermission();
        checkState();
        return permitted;
    }

    /** The call left the model: {@code failure} null for a success; {@code started} when the call began, for the breaker's duration. */
    void leave(Instant started, DuoException failure) {
        if (breaker == null) {
            return;
        }
        if (failure == null) {
            breaker.onSuccess(millisSince(started), TimeUnit.MILLISECONDS);
        } else if (countsAgainstModel(failure)) {
            breaker.onError(millisSince(started), TimeUnit.MILLISECONDS, failure);
        } else {
            breaker.releasePermission();     // no duration: the clock is not read
        }
        checkState();
    }

    private long millisSince(Instant started) {
        return Math.max(0, Duration.between(started, clock.instant()).toMillis());
    }

    private void checkState() {
        CircuitBreaker.State now = breaker.getState();
        CircuitBreaker.State was = seen.get();
        if (now != was && seen.compareAndSet(was, now)) {
            stateChanged(now);
        }
    }

    /** When an open circuit lets a probe through; null unless open. */
    Instant openUntil() {
        return breaker != null && breaker.getState() == CircuitBreaker.State.OPEN ? openUntil : null;
    }

    /** An attempt ended rate-limited: the whole client pauses new attempts to the model. */
    void rateLimited(RateLimitedException e) {
        Instant until = gate.pause(e.context().retryAfter().orElse(null));
        if (until != null) {
            LOG.warn("duo routing: model '{}' is rate-limited; new attempts to it wait until {}", model, until);
            events.accept(new RoutingEvent(RoutingEvent.Kind.RATE_LIMIT_PAUSED, model, null, null, e, until, clock.instant()));
        }
    }

    ModelStatus status() {
        ModelStatus.Circuit circuit = breaker == null ? ModelStatus.Circuit.DISABLED : switch (breaker.getState()) {
            case OPEN, FORCED_OPEN -> ModelStatus.Circuit.OPEN;
            case HALF_OPEN -> ModelStatus.Circuit.HALF_OPEN;
            default -> ModelStatus.Circuit.CLOSED;
        };
        float rate = breaker == null ? -1 : breaker.getMetrics().getFailureRate();
        return new ModelStatus(model, circuit, rate, openUntil(), gate.pausedUntil(),
                bulkhead == null ? 0 : bulkhead.inFlight(), maxConcurrent);
    }

    private void stateChanged(CircuitBreaker.State to) {
        Instant now = clock.instant();
        RoutingEvent.Kind kind;
        Instant until = null;
        switch (to) {
            case OPEN, FORCED_OPEN -> {
                until = now.plus(settings.waitInOpen());
                openUntil = until;
                kind = RoutingEvent.Kind.CIRCUIT_OPENED;
                LOG.warn("duo routing: the circuit of model '{}' opened ({} % of its last calls failed); calls skip it"
                        + " until {}", model, breaker.getMetrics().getFailureRate(), until);
            }
            case HALF_OPEN -> {
                kind = RoutingEvent.Kind.CIRCUIT_HALF_OPEN;
                LOG.info("duo routing: the circuit of model '{}' is half open: {} probe calls go to it", model,
                        settings.halfOpenCalls());
            }
            case CLOSED -> {
                kind = RoutingEvent.Kind.CIRCUIT_CLOSED;
                LOG.info("duo routing: the circuit of model '{}' closed: calls go to it again", model);
            }
            default -> {
                return;
            }
        }
        events.accept(new RoutingEvent(kind, model, null, null, null, until, now));
    }
}
