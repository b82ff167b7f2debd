package dev.duo.spi;

import dev.duo.DuoException;
import dev.duo.call.CallListener;
import dev.duo.call.ReplicaEvent;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica of a {@link ReplicaSet}: its URL, its calls in flight, and its circuit breaker
 * (resilience4j's state machine on the client's clock; the breaker decides, this class only reports
 * its transitions as {@link ReplicaEvent}s and log lines).
 */
final class Replica {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaSet.class);

    final int index;
    final URI endpoint;
    final String key;               // the normalised URL: what Attempt.replicasTried() holds
    final String shown;             // as it may be printed
    final AtomicInteger inFlight = new AtomicInteger();
    final CircuitBreaker breaker;   // null for a set of one: nowhere else to send its calls
    private final String model;
    private final Clock clock;
    private final Duration cooldown;
    private final List<CallListener> listeners;
    private volatile int generation;              // one more at each state change of the breaker
    private volatile Instant probeAfter;          // while ejected
    private volatile DuoException lastFailure;    // the failure being recorded, for the ejection event

    Replica(int index, URI endpoint, String model, ReplicaPolicy policy, Clock clock, List<CallListener> listeners,
            boolean withBreaker) {
        this.index = index;
        this.endpoint = endpoint;
        this.key = EndpointRules.normalize(endpoint).toString();
        this.shown = EndpointRules.display(endpoint);
        this.model = model;
        this.clock = clock;
        this.cooldown = policy.cooldown();
        this.listeners = listeners;
        this.breaker = withBreaker ? breaker(policy, clock) : null;
        if (breaker != null) {
            breaker.getEventPublisher().onStateTransition(this::transition);
        }
    }

    private CircuitBreaker breaker(ReplicaPolicy p, Clock clock) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindow(p.window(), Math.min(p.minimumCalls(), p.window()),
                        CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(p.failureRatePercent())
                // Long streams are normal for a model server: slowness is the attempt deadline's business.
                .slowCallRateThreshold(100)
                .slowCallDurationThreshold(Duration.ofDays(365))
                .waitDurationInOpenState(p.cooldown())
                .permittedNumberOfCallsInHalfOpenState(1)          // one probe call at a time
                .automaticTransitionFromOpenToHalfOpenEnabled(false) // no timer thread: the next pick probes
                .recordException(e -> true)                       // ReplicaSet decides what is a failure
                .clock(clock)
                .build();
        return CircuitBreaker.of(model + " replica " + index, config);
    }

    /** Healthy, ejected or probing. */
    ReplicaSet.Health health() {
        if (breaker == null) {
            return ReplicaSet.Health.HEALTHY;
        }
        return switch (breaker.getState()) {
            case OPEN, FORCED_OPEN -> ReplicaSet.Health.EJECTED;
            case HALF_OPEN -> ReplicaSet.Health.PROBING;
            default -> ReplicaSet.Health.HEALTHY;
        };
    }

    Instant probeAfter() {
        return probeAfter;
    }

    /**
     * Counts the breaker's state changes. An attempt's verdict counts only in the state it began in:
     * an attempt that began before an ejection and fails during the probe (a hung connection timing
     * out) must not fail the probe, nor one that began before a re-admission open the breaker again.
     */
    int generation() {
        return generation;
    }

    void recordSuccess() {
        if (breaker != null) {
            breaker.onSuccess(0, TimeUnit.NANOSECONDS);
        }
    }

    void recordFailure(DuoException e, boolean refused) {
        if (breaker == null) {
            return;
        }
        lastFailure = e;
        breaker.onError(0, TimeUnit.NANOSECONDS, e);
        if (refused && breaker.getState() == CircuitBreaker.State.CLOSED) {
            try {
                breaker.transitionToOpenState();
            } catch (RuntimeException raced) {
                // another thread moved it first (it is open or probing already): nothing to add
            }
        }
    }

    void release() {
        if (breaker != null) {
            breaker.releasePermission();
        }
    }

    private void transition(CircuitBreakerOnStateTransitionEvent e) {
        CircuitBreaker.State from = e.getStateTransition().getFromState();
        CircuitBreaker.State to = e.getStateTransition().getToState();
        generation++;   // transitions happen under the breaker's lock, one at a time
        Instant now = clock.instant();
        if (to == CircuitBreaker.State.OPEN) {
            probeAfter = now.plus(cooldown);
            if (from == CircuitBreaker.State.CLOSED) {
                DuoException why = lastFailure;
                LOG.warn("model '{}': replica {} ejected for {} ms ({}); its calls go to the other replicas", model, shown,
                        cooldown.toMillis(), why == null ? "failures" : why.getClass().getSimpleName());
                tell(new ReplicaEvent(ReplicaEvent.Kind.EJECTED, model, shown, index, now, probeAfter, why));
            } else {
                LOG.info("model '{}': replica {} failed its probe; next probe after {} ms", model, shown, cooldown.toMillis());
            }
        } else if (to == CircuitBreaker.State.HALF_OPEN) {
            LOG.debug("model '{}': probing replica {}", model, shown);
        } else if (to == CircuitBreaker.State.CLOSED) {
            probeAfter = null;
            LOG.info("model '{}': replica {} answered its probe and takes calls again", model, shown);
            tell(new ReplicaEvent(ReplicaEvent.Kind.READMITTED, model, shown, index, now, null, null));
        }
    }

    private void tell(ReplicaEvent event) {
        for (CallListener l : listeners) {
            try {
                if (event.kind() == ReplicaEvent.Kind.EJECTED) {
                    l.onReplicaEjected(event);
                } else {
                    l.onReplicaReadmitted(event);
                }
            } catch (RuntimeException ex) {
                LOG.warn("a call listener threw from a replica event: {}", ex.toString());
            }
        }
    }
}
