package dev.duo.call;

import dev.duo.DuoException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A routing decision or a change of a model's health, as {@link CallListener#onRouting} sees it: a
 * call moved to a fallback model, a model's circuit opened, half-opened or closed, or a rate limit
 * paused new attempts to a model for the whole client. OpenTelemetry has no semantic convention for
 * these: {@link #attributes()} uses {@code error.type} where it applies and {@code duo.routing.*}
 * for the rest.
 *
 * <pre>{@code
 * public void onRouting(RoutingEvent e) {
 *     if (e.kind() == RoutingEvent.Kind.CIRCUIT_OPENED) {
 *         log.warn("{} is skipped until {}", e.model(), e.until().orElseThrow());
 *     }
 * }
 * }</pre>
 *
 * @param kind what happened
 * @param model the model it happened to (for a fallback: the model the call left)
 * @param feature the feature key, for a fallback; null for a model's own change
 * @param fallback the model the call moved to, for a fallback; else null
 * @param error why: the failure that made the call fall back, or the one that paused or opened; may be null
 * @param until when a paused model takes attempts again, or an open circuit lets a probe through; may be null
 * @param at when it happened, on the client's clock
 */
public record RoutingEvent(Kind kind, String model, String feature, String fallback, DuoException error, Instant until,
                           Instant at) {

    /** The attribute naming the kind, such as {@code fallback} or {@code circuit_opened}. */
    public static final String EVENT = "duo.routing.event";
    /** The attribute naming the model a call fell back to. */
    public static final String FALLBACK_MODEL = "duo.routing.fallback_model";
    /** The attribute holding {@link #until()}, as ISO-8601 text. */
    public static final String UNTIL = "duo.routing.until";

    /** What happened. */
    public enum Kind {
        /** A call moved from {@link #model()} to {@link #fallback()}. */
        FALLBACK,
        /** The model's circuit opened: calls skip it until {@link #until()}. */
        CIRCUIT_OPENED,
        /** The model's circuit lets probe calls through. */
        CIRCUIT_HALF_OPEN,
        /** The model's circuit closed again: calls go to it. */
        CIRCUIT_CLOSED,
        /** A rate limit paused new attempts to the model, for the whole client, until {@link #until()}. */
        RATE_LIMIT_PAUSED
    }

    /** Requires the kind, model and time. */
    public RoutingEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(at, "at");
    }

    /** The feature key, for a fallback. */
    public Optional<String> featureKey() {
        return Optional.ofNullable(feature);
    }

    /** The model a call moved to, for a fallback. */
    public Optional<String> fallbackModel() {
        return Optional.ofNullable(fallback);
    }

    /** Why, where known. */
    public Optional<DuoException> cause() {
        return Optional.ofNullable(error);
    }

    /** When the model takes calls or attempts again, where known. */
    public Optional<Instant> untilTime() {
        return Optional.ofNullable(until);
    }

    /** What is known, as span or meter attributes, in a stable order. */
    public Map<String, Object> attributes() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put(EVENT, kind.name().toLowerCase(java.util.Locale.ROOT));
        a.put(GenAiAttributes.DUO_MODEL, model);
        if (feature != null) a.put(GenAiAttributes.DUO_FEATURE, feature);
        if (fallback != null) a.put(FALLBACK_MODEL, fallback);
        if (error != null) a.put(GenAiAttributes.ERROR_TYPE, error.getClass().getName());
        if (until != null) a.put(UNTIL, until.toString());
        return Collections.unmodifiableMap(a);
    }
}
