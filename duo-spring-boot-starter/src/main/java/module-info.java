/**
 * Spring Boot auto-configuration for Duo: a {@code DuoClient} bean, health, {@code /actuator/duo}, and
 * the metrics and tracing wiring. The configuration classes are open to Spring, which builds them by
 * reflection; the actuator, health, Micrometer and OpenTelemetry parts are optional.
 *
 * <pre>{@code
 * module my.service {
 *     requires dev.duo.spring.boot;
 * }
 * }</pre>
 */
module dev.duo.spring.boot {
    requires transitive dev.duo.core;
    requires transitive spring.boot.autoconfigure;
    requires transitive spring.boot;
    requires transitive spring.context;
    requires spring.beans;
    requires spring.core;
    requires static spring.boot.actuator;
    requires static spring.boot.actuator.autoconfigure;
    requires static spring.boot.health;
    requires static dev.duo.micrometer;
    requires static dev.duo.opentelemetry;
    requires static micrometer.core;
    requires static io.opentelemetry.api;

    exports dev.duo.spring.boot;

    opens dev.duo.spring.boot to spring.core, spring.beans, spring.context;
    opens dev.duo.spring.boot.internal to spring.core, spring.beans, spring.context;
}
