/**
 * Fakes, fault plans, protocol-faithful fake servers, a JUnit 5 extension and record/replay for the
 * unit tests of code that uses Duo. Its {@code internal} packages are exported to no one.
 *
 * <pre>{@code
 * open module my.service.test {
 *     requires dev.duo.testkit;
 * }
 * }</pre>
 */
module dev.duo.testkit {
    requires transitive dev.duo.core;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;
    requires transitive mockwebserver3;
    requires org.junit.platform.commons;
    requires okio;
    requires okhttp3;
    requires software.amazon.awssdk.eventstream;

    exports dev.duo.testkit;
    exports dev.duo.testkit.conformance;
    exports dev.duo.testkit.junit;
    exports dev.duo.testkit.record;
}
