package dev.duo.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.call.CallListener;
import dev.duo.call.RoutingEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Routing events become one counter, tagged by kind and model. */
class RoutingMetricsTest {

    @Test
    void eachRoutingEventCountsUnderItsKindAndModel() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CallListener l = DuoMicrometer.listener(registry);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        l.onRouting(new RoutingEvent(RoutingEvent.Kind.FALLBACK, "A", "code_generations", "B", null, null, now));
        l.onRouting(new RoutingEvent(RoutingEvent.Kind.FALLBACK, "A", "code_generations", "B", null, null, now));
        l.onRouting(new RoutingEvent(RoutingEvent.Kind.CIRCUIT_OPENED, "A", null, null, null, now.plusSeconds(30), now));

        assertThat(registry.get(DuoMicrometer.ROUTING).tags("duo.routing.event", "fallback", "duo.model", "A").counter().count())
                .isEqualTo(2.0);
        assertThat(registry.get(DuoMicrometer.ROUTING).tags("duo.routing.event", "circuit_opened").counter().count())
                .isEqualTo(1.0);
    }
}
