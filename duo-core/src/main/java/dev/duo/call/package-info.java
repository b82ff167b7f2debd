/**
 * Hooks into a call, for users who observe or shape calls: the {@link dev.duo.call.CallInterceptor}
 * chain around every attempt, {@link dev.duo.call.CallListener} events carrying OpenTelemetry GenAI
 * attribute names ({@link dev.duo.call.GenAiAttributes}), the {@link dev.duo.call.RetryPolicy}, the
 * {@link dev.duo.call.Scheduler} time is injected through, and the {@link dev.duo.call.CallContext}
 * describing one call, and {@link dev.duo.call.ReplicaEvent}, a replica of a model ejected or re-admitted.
 * The runtime that runs a call lives in {@code dev.duo.internal.call}.
 */
package dev.duo.call;
