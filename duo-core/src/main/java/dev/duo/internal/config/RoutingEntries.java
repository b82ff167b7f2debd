package dev.duo.internal.config;

import dev.duo.model.CircuitBreakerSettings;

/**
 * The routing keys of a model entry ({@code circuit_breaker:}, {@code max_concurrent_requests}),
 * read and written; ranges are checked where the values are built, naming the key and the fix.
 */
final class RoutingEntries {

    private RoutingEntries() {
    }

    static CircuitBreakerSettings circuitBreaker(ConfigFile.CircuitBreakerEntry e) {
        CircuitBreakerSettings d = CircuitBreakerSettings.DEFAULTS;
        int window = e.slidingWindow != null ? e.slidingWindow : d.slidingWindow();
        // A smaller window than the default minimum lowers the minimum with it, unless it is written.
        int minimum = e.minimumCalls != null ? e.minimumCalls : Math.min(d.minimumCalls(), window);
        return new CircuitBreakerSettings(e.enabled,
                e.failureRateThreshold != null ? e.failureRateThreshold : d.failureRateThreshold(),
                window, minimum,
                e.waitInOpen != null ? Durations.parse("circuit_breaker.wait_in_open", e.waitInOpen) : d.waitInOpen(),
                e.halfOpenCalls != null ? e.halfOpenCalls : d.halfOpenCalls());
    }

    static int maxConcurrent(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("max_concurrent_requests is " + n + ": set a bound of at least 1,"
                    + " such as 16, or remove the key for no bound");
        }
        return n;
    }

    /** Only what differs from the defaults; null when nothing does. */
    static ConfigFile.CircuitBreakerEntry toEntry(CircuitBreakerSettings s) {
        CircuitBreakerSettings d = CircuitBreakerSettings.DEFAULTS;
        if (s.equals(d)) {
            return null;
        }
        ConfigFile.CircuitBreakerEntry e = new ConfigFile.CircuitBreakerEntry();
        e.enabled = s.enabled();
        if (s.failureRateThreshold() != d.failureRateThreshold()) e.failureRateThreshold = s.failureRateThreshold();
        if (s.slidingWindow() != d.slidingWindow()) e.slidingWindow = s.slidingWindow();
        if (s.minimumCalls() != d.minimumCalls()) e.minimumCalls = s.minimumCalls();
        if (!s.waitInOpen().equals(d.waitInOpen())) e.waitInOpen = Durations.format(s.waitInOpen());
        if (s.halfOpenCalls() != d.halfOpenCalls()) e.halfOpenCalls = s.halfOpenCalls();
        return e;
    }
}
