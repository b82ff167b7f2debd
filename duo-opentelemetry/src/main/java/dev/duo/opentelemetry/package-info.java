/**
 * OpenTelemetry tracing for Duo calls, under the GenAI semantic conventions, with the trace context
 * propagated to the model server: start with
 * {@link dev.duo.opentelemetry.DuoOpenTelemetry#listener(io.opentelemetry.api.OpenTelemetry)}.
 */
package dev.duo.opentelemetry;
