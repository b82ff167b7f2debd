/**
 * GenAI client metrics (OpenTelemetry semantic conventions) in a Micrometer MeterRegistry.
 *
 * <pre>{@code
 * module my.service {
 *     requires dev.duo.micrometer;
 * }
 * }</pre>
 */
module dev.duo.micrometer {
    requires transitive dev.duo.core;
    requires transitive micrometer.core;

    exports dev.duo.micrometer;
}
