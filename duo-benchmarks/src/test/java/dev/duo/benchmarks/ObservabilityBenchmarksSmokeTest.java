package dev.duo.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each observability benchmark runs once and does what it says (no timing in the default build). */
class ObservabilityBenchmarksSmokeTest {

    @Test
    void everyBenchmarkRunsAndTheListenersLeaveNoSpanOpen() {
        ObservabilityBenchmarks b = new ObservabilityBenchmarks();
        b.setUp();
        try {
            assertThat(b.listenersOnly().isDone()).isTrue();
            assertThat(b.callWithListeners().text()).startsWith("def reverse");
            assertThat(b.callWithoutListeners().text()).startsWith("def reverse");
            assertThat(b.openSpans()).isZero();
        } finally {
            b.tearDown();
        }
    }
}
