package dev.duo.call;

/**
 * Observes calls, for metrics and tracing, with no dependency on any metrics library: each event
 * carries the feature, model, family, provider, tokens, latency and time to first token, and
 * {@link CallEvent#attributes()} under OpenTelemetry GenAI attribute names, ready for a span or a meter.
 *
 * <p>Per call: one {@link #onRequest}, then for a stream at most one {@link #onFirstToken}, then
 * exactly one of {@link #onResponse} or {@link #onError}; {@link #onRetry} before each retry and
 * {@link #onRouting} for each fallback to another model (then the events after it carry that model).
 * Listeners run on the call's threads, so keep them quick. A listener that throws is logged and
 * ignored: the call goes on.
 *
 * <pre>{@code
 * CallListener metrics = new CallListener() {
 *     public void onResponse(CallEvent e) {
 *         tokens.add(e.usage().map(Usage::outputTokens).orElse(0L), e.attributes());
 *     }
 * };
 * }</pre>
 */
public interface CallListener {

    /** The call is about to start. */
    default void onRequest(CallEvent event) {
    }

    /** The first chunk of a stream is about to reach the caller; {@link CallEvent#timeToFirstToken()} is set. */
    default void onFirstToken(CallEvent event) {
    }

    /** An attempt failed and another follows; {@link CallEvent#error()} says why. */
    default void onRetry(CallEvent event) {
    }

    /** The call succeeded; usage, finish reason and latency are set. */
    default void onResponse(CallEvent event) {
    }

    /** The call failed (or was cancelled, or timed out); {@link CallEvent#error()} is set. */
    default void onError(CallEvent event) {
    }

    /**
     * A routing decision or a model's change of health: a call fell back to another model, a
     * circuit opened, half-opened or closed, a rate limit paused a model. A fallback is told on the
     * call's thread before the fallback model's attempts; a change of health on the thread of the
     * call that caused it.
     */
    default void onRouting(RoutingEvent event) {
    }

    /** A replica of a model ({@code endpoints:}) was ejected: its calls go to the other replicas until a probe succeeds. */
    default void onReplicaEjected(ReplicaEvent event) {
    }

    /** An ejected replica answered a probe call and takes calls again. */
    default void onReplicaReadmitted(ReplicaEvent event) {
    }
}
