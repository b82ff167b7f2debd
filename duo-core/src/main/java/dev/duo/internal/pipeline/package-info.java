/**
 * The call pipeline behind {@code FeatureClient}: {@link dev.duo.internal.pipeline.CallPipeline} runs
 * one call through the interceptor chain (listeners, overall deadline, users' interceptors, request
 * logging, retry, per-attempt and idle timeouts) to a {@link dev.duo.spi.ModelClient}, with time
 * injected through a {@link java.time.Clock} and a {@link dev.duo.internal.pipeline.Scheduler}.
 * {@link dev.duo.pipeline.Redactor} (public) keeps secrets out of logs, here, in providers and in the testkit.
 * Not public API.
 */
package dev.duo.internal.pipeline;
