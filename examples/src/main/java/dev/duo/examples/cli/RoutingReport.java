package dev.duo.examples.cli;

import dev.duo.config.DuoConfig;
import dev.duo.model.CircuitBreakerSettings;
import dev.duo.model.SelfHostedModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routing section of {@code duo verify --probe}: each model a configured feature uses (as its
 * model or a fallback), its endpoint as probed, its circuit breaker and concurrency bound, and its
 * state. The CLI's own process has made no call, so every circuit is closed and nothing is paused
 * here; a running service reads the live state from {@code DuoClient.modelStatuses()}.
 */
final class RoutingReport {

    private RoutingReport() {
    }

    static List<String> lines(DuoConfig config, List<Verifier.Row> rows, Verifier verifier) {
        Map<String, List<String>> roles = new LinkedHashMap<>();
        for (Verifier.Row r : rows) {
            if (!r.configured() || r.setting().model() == null || r.setting().viaGateway()) {
                continue;
            }
            roles.computeIfAbsent(r.setting().model(), k -> new ArrayList<>()).add("serves " + r.feature().key());
            for (String fb : r.setting().fallbackModels()) {
                roles.computeIfAbsent(fb, k -> new ArrayList<>()).add("fallback for " + r.feature().key());
            }
        }
        List<String> out = new ArrayList<>();
        roles.forEach((name, what) -> {
            SelfHostedModel m = config.models().find(name).orElse(null);
            if (m == null) {
                out.add("  " + name + ": not in the registry (" + String.join(", ", what) + ")");
                return;
            }
            Verifier.Check e = verifier.endpoint(m);
            String endpoint = switch (e.status()) {
                case OK -> "reachable " + e.message();
                case FAIL -> "UNREACHABLE: " + e.message();
                default -> e.message();
            };
            out.add("  " + name + " (" + String.join(", ", what) + "): endpoint " + endpoint + "; " + breaker(m.circuitBreaker())
                    + "; " + (m.maxConcurrentRequests() > 0 ? "max_concurrent_requests " + m.maxConcurrentRequests()
                    : "concurrency unbounded") + "; state: circuit closed, not rate-limited, 0 in flight");
        });
        return out;
    }

    private static String breaker(CircuitBreakerSettings cb) {
        if (!cb.activeFor(false)) {
            return "circuit breaker off";
        }
        return "circuit breaker on (opens at " + cb.failureRateThreshold() + "% of the last " + cb.slidingWindow()
                + " calls, at least " + cb.minimumCalls() + "; open " + cb.waitInOpen().toSeconds() + " s; "
                + cb.halfOpenCalls() + " probes)";
    }
}
