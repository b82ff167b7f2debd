/**
 * The call runtime behind {@code FeatureClient}: {@link dev.duo.internal.call.CallRuntime} makes one
 * {@code RealCall} per call, which owns the deadline, the route of models ({@link dev.duo.internal.call.Route}:
 * the feature's model, then its fallback models, one {@code Leg} per model tried, the rules in
 * {@code Routing}), each leg's attempt loop ({@code AttemptLoop}: the retry policy's {@code RetrySchedule}, waiting
 * through the injected {@link dev.duo.call.Scheduler}), the cancel flag and the listener and log
 * events, behind one guard at the caller's edge ({@code Edge}); users'
 * {@link dev.duo.call.CallInterceptor}s wrap each leg's attempt loop. The runtime's health table
 * ({@code ModelGuards}) holds one {@code ModelGuard} per model for the whole client: its circuit
 * breaker (resilience4j, on the injected clock), its shared rate-limit pause ({@code RateGate}) and its
 * {@code max_concurrent_requests} ({@code Bulkhead}). Not public API.
 */
package dev.duo.internal.call;
