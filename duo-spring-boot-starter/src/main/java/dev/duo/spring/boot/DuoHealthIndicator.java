package dev.duo.spring.boot;

import dev.duo.DuoClient;
import dev.duo.DuoException;
import dev.duo.ModelParams;
import dev.duo.admin.Provenance;
import dev.duo.feature.Feature;
import dev.duo.feature.FeatureInput;
import dev.duo.feature.FeatureSetting;
import dev.duo.feature.InputKind;
import dev.duo.admin.SettingProvider;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code duo} health: UP when every feature the configuration assigns to a self-hosted model
 * resolves (its model exists and suits it, the beta opt-in if it needs one, a prompt for the family,
 * the provider module, credentials); DOWN naming each that does not, with the SDK's message. No network
 * call is made unless {@code duo.health.probe=true}: then each resolved feature is also called once with
 * placeholder inputs (1 token asked), the result kept for {@code duo.health.probe-interval}.
 *
 * <pre>{@code
 * GET /actuator/health/duo
 * {"status":"UP","details":{"features":{"code_generations":{"status":"ok","model":"Mixtral","prompt":"..."}}}}
 * }</pre>
 */
public final class DuoHealthIndicator implements HealthIndicator {

    private final DuoClient client;
    private final DuoProperties.Health settings;
    private final Clock clock;
    private volatile Probe lastProbe;

    /** A health indicator for {@code client}. */
    public DuoHealthIndicator(DuoClient client, DuoProperties.Health settings) {
        this(client, settings, Clock.systemUTC());
    }

    DuoHealthIndicator(DuoClient client, DuoProperties.Health settings, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public Health health() {
        Map<String, Object> features = new LinkedHashMap<>();
        boolean up = true;
        Map<String, Provenance> resolved = new LinkedHashMap<>();
        for (Map.Entry<String, FeatureSetting> e : client.config().features().entrySet()) {
            String key = e.getKey();
            if (e.getValue().provider() != SettingProvider.SELF_HOSTED) {
                features.put(key, Map.of("status", e.getValue().provider().configName()));
                continue;
            }
            try {
                Provenance p = client.resolve(key);
                resolved.put(p.feature(), p);
                features.put(p.feature(), detail("ok", p, null));
            } catch (DuoException ex) {
                up = false;
                features.put(key, Map.of("status", "error", "error", ex.getClass().getSimpleName(),
                        "message", String.valueOf(ex.getMessage())));
            }
        }
        Health.Builder h = up ? Health.up() : Health.down();
        if (features.isEmpty()) {
            h.withDetail("message", "no feature is assigned a model: set features in duo.yml or duo.features.*");
        }
        if (settings.isProbe() && !resolved.isEmpty()) {
            Probe probe = probe(resolved);
            probe.failures.forEach((key, message) -> features.put(key, Map.of("status", "error",
                    "error", "probe failed", "message", message)));
            if (!probe.failures.isEmpty()) {
                h = Health.down();
            }
            h.withDetail("probedAt", probe.at.toString());
        }
        return h.withDetail("features", features).build();
    }

    private static Map<String, Object> detail(String status, Provenance p, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("model", p.model());
        m.put("platform", p.platform());
        m.put("prompt", p.prompt());
        if (message != null) {
            m.put("message", message);
        }
        return m;
    }

    private Probe probe(Map<String, Provenance> resolved) {
        Probe p = lastProbe;
        Instant now = clock.instant();
        if (p != null && p.at.plus(settings.getProbeInterval()).isAfter(now) && p.features.equals(resolved.keySet())) {
            return p;
        }
        Map<String, String> failures = new LinkedHashMap<>();
        for (String key : resolved.keySet()) {
            try {
                var f = client.feature(key);
                f.generate(placeholderInputs(f.feature()), ModelParams.builder().maxTokens(1).build());
            } catch (DuoException e) {
                failures.put(key, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        p = new Probe(now, resolved.keySet(), failures);
        lastProbe = p;
        return p;
    }

    // The smallest inputs a feature accepts: each required text "ping", each required list empty.
    private static Map<String, Object> placeholderInputs(Feature feature) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (FeatureInput in : feature.inputs()) {
            if (in.required()) {
                inputs.put(in.name(), in.kind() == InputKind.TEXT ? "ping"
                        : in.kind() == InputKind.CONVERSATION ? List.of(dev.duo.Message.user("ping")) : List.of());
            }
        }
        return inputs;
    }

    private record Probe(Instant at, java.util.Set<String> features, Map<String, String> failures) {
        Probe {
            features = java.util.Set.copyOf(features);
            failures = Map.copyOf(failures);
        }
    }
}
