package dev.duo.examples.cli;

import dev.duo.config.DuoConfig;
import dev.duo.model.SelfHostedModel;
import dev.duo.spi.EndpointRules;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code duo verify}'s endpoint check of a model with replicas ({@code endpoints:}): each replica
 * is checked against the allowlist, and with {@code --probe} connected to one by one. Some replicas
 * down is a warning (calls go to the others, see the README's Replicas section); all of them, a failure.
 */
final class ReplicaProbe {

    private ReplicaProbe() {
    }

    static Verifier.Check check(SelfHostedModel m, DuoConfig config, boolean probe, Verifier.Prober prober) {
        List<URI> replicas = m.replicas();
        if (!config.customModelsEnabled()) {
            for (URI u : replicas) {
                if (!EndpointRules.onAllowlist(u, config.customEndpointAllowlist())) {
                    return Verifier.fail("endpoint", "Custom models are disabled (custom_models_enabled: false or"
                            + " AIGW_CUSTOM_MODELS__ENABLED) and the replica " + EndpointRules.display(u)
                            + " is not in custom_endpoint_allowlist: add it there or enable custom models");
                }
            }
        }
        if (!probe) {
            return Verifier.skip("endpoint", replicas.size() + " replicas: " + String.join(", ", hostPorts(replicas))
                    + " (not probed: pass --probe)");
        }
        List<String> states = new ArrayList<>();
        int down = 0;
        for (URI u : replicas) {
            String hp = u.getHost() + ":" + EndpointRules.port(u);
            try {
                prober.connect(u.getHost(), EndpointRules.port(u), Duration.ofSeconds(3));
                states.add(hp + " up");
            } catch (IOException | RuntimeException e) {
                down++;
                states.add(hp + " DOWN (" + e.getClass().getSimpleName() + ")");
            }
        }
        String summary = replicas.size() + " replicas: " + String.join(", ", states);
        if (down == 0) {
            return Verifier.ok("endpoint", summary);
        }
        if (down < replicas.size()) {
            return new Verifier.Check("endpoint", Verifier.Status.WARN, summary + ": calls go to the replicas that are up;"
                    + " start the others or remove them from endpoints");
        }
        return Verifier.fail("endpoint", summary + ": no replica accepts connections; check that the servers are running,"
                + " the network and any proxy");
    }

    private static List<String> hostPorts(List<URI> replicas) {
        return replicas.stream().map(u -> u.getHost() + ":" + EndpointRules.port(u)).toList();
    }
}
