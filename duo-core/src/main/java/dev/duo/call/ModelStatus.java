package dev.duo.call;

import java.time.Instant;
import java.util.Optional;

/**
 * Where one model stands in a client's routing: its circuit, its rate-limit pause and its
 * requests in flight against {@code max_concurrent_requests}. What {@code duo verify --probe}
 * prints and a health check reads ({@code DuoClient.modelStatuses()}).
 *
 * <pre>{@code
 * for (ModelStatus s : duo.modelStatuses()) {
 *     log.info("{}: circuit {} in flight {}", s.model(), s.circuit(), s.inFlight());
 * }
 * }</pre>
 *
 * @param model the model's name
 * @param circuit the circuit's state
 * @param failureRate the failure rate over the circuit's window in percent, or -1 before enough calls ended
 * @param retryAt when an open circuit lets a probe through; null unless open
 * @param pausedUntil when a rate-limit pause ends; null when not paused
 * @param inFlight requests in flight now
 * @param maxConcurrentRequests the bound on them, 0 for none
 */
public record ModelStatus(String model, Circuit circuit, float failureRate, Instant retryAt, Instant pausedUntil,
                          int inFlight, int maxConcurrentRequests) {

    /** A circuit's state. */
    public enum Circuit {
        /** Calls go to the model. */
        CLOSED,
        /** Calls skip the model. */
        OPEN,
        /** Probe calls go to the model; the rest skip it. */
        HALF_OPEN,
        /** The model has no breaker ({@code circuit_breaker: { enabled: false }}, or a test fake). */
        DISABLED
    }

    /** When an open circuit lets a probe through. */
    public Optional<Instant> retryTime() {
        return Optional.ofNullable(retryAt);
    }

    /** When a rate-limit pause ends. */
    public Optional<Instant> pauseEnd() {
        return Optional.ofNullable(pausedUntil);
    }
}
