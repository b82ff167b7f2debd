/**
 * The call runtime's public face: the users' {@link dev.duo.pipeline.CallInterceptor} chain around
 * every call's attempts, {@link dev.duo.pipeline.CallListener}
 * observability events carrying OpenTelemetry GenAI attribute names, the {@link dev.duo.pipeline.RetryPolicy},
 * the {@link dev.duo.pipeline.CallContext} describing one call, and {@link dev.duo.pipeline.BlockingStream},
 * a blocking iterator view of a streamed answer, and {@link dev.duo.pipeline.ReplicaEvent}, a replica of a
 * model ejected or re-admitted.
 */
package dev.duo.pipeline;
