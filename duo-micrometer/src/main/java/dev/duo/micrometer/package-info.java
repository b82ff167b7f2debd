/**
 * Micrometer metrics for Duo calls, under the OpenTelemetry GenAI client conventions: start with
 * {@link dev.duo.micrometer.DuoMicrometer#listener(io.micrometer.core.instrument.MeterRegistry)}.
 */
package dev.duo.micrometer;
