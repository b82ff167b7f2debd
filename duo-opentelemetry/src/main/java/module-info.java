/**
 * One OpenTelemetry CLIENT span per call, with the trace context sent to the model server.
 *
 * <pre>{@code
 * module my.service {
 *     requires dev.duo.opentelemetry;
 * }
 * }</pre>
 */
module dev.duo.opentelemetry {
    requires transitive dev.duo.core;
    requires transitive io.opentelemetry.api;
    requires transitive io.opentelemetry.context;

    exports dev.duo.opentelemetry;
}
