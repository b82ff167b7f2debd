package dev.duo.internal.call;

import dev.duo.model.SelfHostedModel;
import dev.duo.call.ModelStatus;
import dev.duo.call.RoutingEvent;
import dev.duo.call.Scheduler;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The client's table of model health, by model name: one {@link ModelGuard} per model, made on
 * first use and kept across configuration changes (a circuit stays open when an unrelated
 * setting changes), made afresh when the model's own routing settings change. Thread-safe.
 */
final class ModelGuards {

    private final Map<String, ModelGuard> byName = new ConcurrentHashMap<>();
    private final boolean testFake;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Consumer<RoutingEvent> events;

    ModelGuards(boolean testFake, Clock clock, Scheduler scheduler, Consumer<RoutingEvent> events) {
        this.testFake = testFake;
        this.clock = clock;
        this.scheduler = scheduler;
        this.events = events;
    }

    ModelGuard of(SelfHostedModel m) {
        ModelGuard g = byName.get(m.name());
        // The same settings object, call after call, unless the configuration changed: equals only then.
        if (g != null && (g.settings == m.circuitBreaker() || g.settings.equals(m.circuitBreaker()))
                && g.maxConcurrent == m.maxConcurrentRequests()) {
            return g;
        }
        return byName.compute(m.name(), (k, old) -> old != null && old.settings.equals(m.circuitBreaker())
                && old.maxConcurrent == m.maxConcurrentRequests() ? old
                : new ModelGuard(m, testFake, clock, scheduler, events));
    }

    List<ModelStatus> statuses() {
        return byName.values().stream().map(ModelGuard::status).sorted(Comparator.comparing(ModelStatus::model)).toList();
    }
}
