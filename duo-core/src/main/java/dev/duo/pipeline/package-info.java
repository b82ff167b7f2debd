/**
 * The call pipeline's public face: the {@link dev.duo.pipeline.CallInterceptor} chain every call
 * goes through (retry, logging and listeners are interceptors too), {@link dev.duo.pipeline.CallListener}
 * observability events carrying OpenTelemetry GenAI attribute names, the {@link dev.duo.pipeline.RetryPolicy},
 * the {@link dev.duo.pipeline.CallContext} describing one call, and {@link dev.duo.pipeline.BlockingStream},
 * a blocking iterator view of a streamed answer.
 */
package dev.duo.pipeline;
