package dev.duo.examples.cli;

import dev.duo.DuoException;
import dev.duo.config.AiGatewaySettings;
import dev.duo.config.DuoConfig;
import dev.duo.feature.Feature;
import dev.duo.feature.FeatureSetting;
import dev.duo.admin.SettingProvider;
import dev.duo.gateway.AiGatewayProbe;
import dev.duo.model.ModelFamily;
import dev.duo.model.ModelIdentifier;
import dev.duo.model.SelfHostedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code duo verify}'s checks of a feature the AI gateway serves ({@code vendored}, or a
 * self-hosted model {@code via: ai_gateway}), in the matrix's columns: the routed model and its
 * family and beta opt-in as for a direct call; the prompt (with {@code --probe}: does the gateway
 * serve it to this token, asked without calling a model); the duo-gateway module; the gateway token
 * and the routed model's key; the endpoint (with {@code --probe}: the gateway's health endpoint).
 * The gateway's health is probed once per run, however many features it serves.
 */
final class GatewayVerifier {

    private final DuoConfig config;
    private final Map<String, String> env;
    private final Set<String> platforms;
    private final boolean probe;
    private Verifier.Check health;

    GatewayVerifier(DuoConfig config, Map<String, String> env, Set<String> platforms, boolean probe) {
        this.config = config;
        this.env = env;
        this.platforms = platforms;
        this.probe = probe;
    }

    List<Verifier.Check> checks(Feature f, FeatureSetting s) {
        List<Verifier.Check> out = new ArrayList<>();
        SelfHostedModel m = null;
        if (s.provider() == SettingProvider.SELF_HOSTED) {
            m = config.models().find(s.model()).orElse(null);
            if (m == null) {
                out.add(Verifier.fail("model", "No model named '" + s.model() + "': add it with 'duo models add', or"
                        + " assign another: 'duo features assign " + f.key() + " --model <name>'"));
                return rest(out);
            }
            out.add(Verifier.ok("model", m.name() + " via ai_gateway"));
            if (!f.supports(m.family())) {
                out.add(Verifier.fail("family", m.name() + " is incompatible with the " + f.title() + " feature: assign"
                        + " a model of one of the families " + f.families().stream().map(ModelFamily::id).toList()));
                return rest(out);
            }
            out.add(Verifier.ok("family", m.family().id()));
        } else {
            out.add(Verifier.ok("model", "the gateway's default model (vendored)"));
            out.add(Verifier.skip("family", "chosen by the gateway"));
        }
        boolean needsBeta = f.releaseState().needsBetaOptIn() || (m != null && m.releaseState().needsBetaOptIn());
        out.add(needsBeta && !config.betaModelsEnabled()
                ? Verifier.fail("beta", f.title() + " needs the beta opt-in: turn it on with 'duo settings beta on'")
                : Verifier.ok("beta", config.betaModelsEnabled() ? "opted in" : "not needed"));
        AiGatewaySettings gateway = config.aiGateway().orElse(null);
        if (gateway == null) {
            out.add(Verifier.fail("prompt", "The feature is served by the AI gateway, but none is configured: add"
                    + " 'ai_gateway: { url: http://localhost:5052, token: ${AIGW_TOKEN} }' to duo.yml"));
            return rest(out);
        }
        out.add(prompt(f, m));
        out.add(platforms.contains(ModelIdentifier.AI_GATEWAY) ? Verifier.ok("provider", ModelIdentifier.AI_GATEWAY)
                : Verifier.fail("provider", "No provider module serves the AI gateway: add dev.duo:duo-gateway to the classpath"));
        out.add(credentials(gateway, m));
        out.add(endpoint(gateway));
        return out;
    }

    private Verifier.Check prompt(Feature f, SelfHostedModel m) {
        String what = f.promptId() + "@" + f.promptVersion();
        if (!probe) {
            return Verifier.skip("prompt", what + " is rendered by the gateway (not probed: pass --probe)");
        }
        try (AiGatewayProbe p = AiGatewayProbe.of(config, env)) {
            AiGatewayProbe.Result r = p.prompt(f, m);
            return r.ok() ? Verifier.ok("prompt", r.message()) : Verifier.fail("prompt", r.message());
        } catch (DuoException | IllegalArgumentException e) {
            return Verifier.fail("prompt", e.getMessage());
        }
    }

    private Verifier.Check credentials(AiGatewaySettings gateway, SelfHostedModel m) {
        List<String> found = new ArrayList<>();
        try {
            if (gateway.token().isPresent()) {
                gateway.token().get().resolve(env);
                found.add("token " + gateway.token().get().reference());
            }
        } catch (DuoException e) {
            return Verifier.fail("credentials", "ai_gateway.token: " + e.getMessage());
        }
        if (m != null && m.apiKey().isPresent()) {
            try {
                m.apiKey().get().resolve(env);
                found.add("model key " + m.apiKey().get().reference());
            } catch (DuoException e) {
                return Verifier.fail("credentials", "Model '" + m.name() + "': " + e.getMessage());
            }
        }
        return Verifier.ok("credentials", found.isEmpty() ? "none needed" : String.join(", ", found));
    }

    private Verifier.Check endpoint(AiGatewaySettings gateway) {
        if (!probe) {
            return Verifier.skip("endpoint", gateway.url() + " (not probed: pass --probe)");
        }
        if (health == null) {
            try (AiGatewayProbe p = AiGatewayProbe.of(config, env)) {
                AiGatewayProbe.Result r = p.health();
                health = r.ok() ? Verifier.ok("endpoint", r.message()) : Verifier.fail("endpoint", r.message());
            } catch (DuoException | IllegalArgumentException e) {
                health = Verifier.fail("endpoint", e.getMessage());
            }
        }
        return health;
    }

    private static List<Verifier.Check> rest(List<Verifier.Check> out) {
        for (String name : Verifier.CHECKS.subList(out.size(), Verifier.CHECKS.size())) {
            out.add(Verifier.skip(name, "not checked"));
        }
        return out;
    }
}
