/**
 * The call runtime behind {@code FeatureClient}: {@link dev.duo.internal.call.CallRuntime} makes one
 * {@code RealCall} per call, which owns the deadline, the attempt loop (resilience4j's retry policy,
 * waiting through the injected {@link dev.duo.call.Scheduler}), the cancel flag and the listener
 * and log events, behind one guard at the caller's edge ({@code Edge}); users'
 * {@link dev.duo.call.CallInterceptor}s wrap its attempt loop. Not public API.
 */
package dev.duo.internal.call;
