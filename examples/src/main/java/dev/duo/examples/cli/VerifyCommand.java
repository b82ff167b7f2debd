package dev.duo.examples.cli;

import dev.duo.DuoException;
import dev.duo.config.DuoConfig;
import dev.duo.feature.FeatureRegistry;
import dev.duo.prompt.PromptRegistry;
import dev.duo.spi.ModelProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code duo verify}: does every configured feature resolve end to end? */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check, for every feature, that it resolves end to end: its setting, the model, family "
                + "compatibility, the beta opt-in, a prompt for the family, a provider module, credentials and "
                + "(with --probe) the endpoint. Prints a matrix and the fix for each failure.",
            "Unassigned, disabled and vendored features are listed as not configured, not broken.",
            "Exit code 1 when a configured feature is broken."},
        footerHeading = "%nExamples:%n", footer = {"  duo verify", "  duo verify --probe", "  duo verify --json"})
final class VerifyCommand extends BaseCommand {

    @Option(names = "--json", description = "Print a JSON array instead of the matrix.")
    boolean json;

    @Option(names = "--probe", description = "Also open a TCP connection to each endpoint (3 s timeout); for an AI"
            + " gateway, call its health endpoint and ask it for each feature's prompt (no model is called).")
    boolean probe;

    @Override
    int execute() {
        DuoConfig config = config();
        FeatureRegistry features = root().features(config);
        List<Verifier.Row> rows;
        List<String> routing;
        try (ProviderPolicy policy = new ProviderPolicy()) {
            Verifier v = new Verifier(config, features, environment().variables(), platforms(), prompts(config),
                    Verifier.TCP, probe, policy);
            rows = v.run();
            routing = probe && !json ? RoutingReport.lines(config, rows, v) : List.of();
        }
        boolean broken = rows.stream().anyMatch(r -> r.configured() && r.broken());
        if (json) {
            Output.json(out(), rows.stream().map(VerifyCommand::toJson).toList());
        } else {
            print(rows, config);
            if (!routing.isEmpty()) {
                out().println();
                out().println("Models (routing state of this process, which has made no call yet):");
                routing.forEach(out()::println);
            }
        }
        return broken ? 1 : 0;
    }

    private void print(List<Verifier.Row> rows, DuoConfig config) {
        List<Verifier.Row> configured = rows.stream().filter(Verifier.Row::configured).toList();
        out().println("Configuration: " + config.source().orElse("none (no duo.yml found)"));
        if (configured.isEmpty()) {
            out().println("No feature is configured: assign one with 'duo features assign <feature> --model <name>'.");
        } else {
            List<String> header = new ArrayList<>(List.of("FEATURE", "MODEL"));
            Verifier.CHECKS.stream().filter(c -> !c.equals("model")).map(String::toUpperCase).forEach(header::add);
            Output.Table t = new Output.Table(header.toArray(String[]::new));
            for (Verifier.Row r : configured) {
                List<Object> cells = new ArrayList<>(List.of(r.feature().key(), modelCell(r.setting())));
                for (Verifier.Check c : r.checks()) {
                    if (!c.name().equals("model")) {
                        cells.add(symbol(c.status()));
                    } else if (c.status() == Verifier.Status.FAIL) {
                        cells.set(1, colour("@|red " + r.setting().model() + " (missing)|@"));
                    }
                }
                t.row(cells.toArray());
            }
            t.print(out());
            List<String> problems = new ArrayList<>();
            for (Verifier.Row r : configured) {
                for (Verifier.Check c : r.checks()) {
                    if (c.status() == Verifier.Status.FAIL || c.status() == Verifier.Status.WARN) {
                        problems.add("  " + r.feature().key() + " [" + c.name() + "] " + c.message());
                    }
                }
            }
            if (!problems.isEmpty()) {
                out().println();
                out().println("To fix:");
                problems.forEach(out()::println);
            }
        }
        Map<String, List<String>> idle = new LinkedHashMap<>();
        rows.stream().filter(r -> !r.configured()).forEach(r -> idle
                .computeIfAbsent(r.setting().provider().configName(), k -> new ArrayList<>()).add(r.feature().key()));
        if (!idle.isEmpty()) {
            out().println();
            out().println("Not configured (not broken):");
            idle.forEach((provider, keys) -> out().println("  " + provider + ": " + String.join(", ", keys)));
        }
        long bad = configured.stream().filter(Verifier.Row::broken).count();
        out().println();
        out().println(bad == 0 ? colour("@|green " + configured.size() + " configured features resolve.|@")
                : colour("@|red " + bad + " of " + configured.size() + " configured features are broken.|@"));
    }

    /** The model column: the model, marked when the AI gateway calls it; the gateway's own for vendored. */
    private static String modelCell(dev.duo.feature.FeatureSetting s) {
        if (s.model() == null) {
            return "(ai_gateway default)";
        }
        return s.viaGateway() ? s.model() + " (via ai_gateway)" : s.model();
    }

    private String symbol(Verifier.Status s) {
        return switch (s) {
            case OK -> colour("@|green ok|@");
            case FAIL -> colour("@|bold,red FAIL|@");
            case WARN -> colour("@|yellow warn|@");
            case SKIP -> "-";
        };
    }

    private static Map<String, Object> toJson(Verifier.Row r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("feature", r.feature().key());
        o.put("title", r.feature().title());
        Map<String, Object> setting = new LinkedHashMap<>();
        setting.put("provider", r.setting().provider().configName());
        setting.put("model", r.setting().model());
        if (r.setting().viaGateway()) {
            setting.put("via", "ai_gateway");
        }
        setting.put("fallback_models", r.setting().fallbackModels());
        o.put("setting", setting);
        o.put("status", !r.configured() ? "not_configured" : r.broken() ? "broken" : "ok");
        List<Map<String, Object>> checks = new ArrayList<>();
        for (Verifier.Check c : r.checks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("check", c.name());
            m.put("status", c.status().name().toLowerCase(java.util.Locale.ROOT));
            m.put("message", c.message());
            checks.add(m);
        }
        o.put("checks", checks);
        return o;
    }

    /** The platform ids of the provider modules on the classpath; each is closed at once. */
    private static Set<String> platforms() {
        Set<String> out = new LinkedHashSet<>();
        Iterator<ModelProvider> it = ServiceLoader.load(ModelProvider.class, VerifyCommand.class.getClassLoader()).iterator();
        while (true) {
            ModelProvider p;
            try {
                if (!it.hasNext()) {
                    break;
                }
                p = it.next();
            } catch (ServiceConfigurationError e) {
                continue; // a broken provider serves nothing; its platforms then show as missing
            }
            try (p) {
                out.addAll(p.platforms());
            }
        }
        return out;
    }

    /**
     * The policy a call runs, run by the provider itself: {@code createClient} checks the endpoint
     * and credentials exactly as before a call (and sends nothing); the client is closed at once.
     */
    static final class ProviderPolicy implements Verifier.Policy, AutoCloseable {
        private final Map<String, ModelProvider> byPlatform = new LinkedHashMap<>();
        private final List<ModelProvider> all = new ArrayList<>();

        ProviderPolicy() {
            Iterator<ModelProvider> it = ServiceLoader.load(ModelProvider.class, VerifyCommand.class.getClassLoader()).iterator();
            while (true) {
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    ModelProvider p = it.next();
                    all.add(p);
                    p.platforms().forEach(id -> byPlatform.putIfAbsent(id, p));
                } catch (ServiceConfigurationError e) {
                    // a broken provider serves nothing; the provider check reports the platform as missing
                }
            }
        }

        @Override
        public void check(dev.duo.spi.ProviderContext context) {
            ModelProvider p = byPlatform.get(context.model().platform());
            if (p != null) {
                p.createClient(context).close();
            }
        }

        @Override
        public void close() {
            all.forEach(ModelProvider::close);
        }
    }

    /** The prompt check: through the prompt registry when it loads, else say why not. */
    private static Verifier.PromptLookup prompts(DuoConfig config) {
        PromptRegistry registry;
        try {
            registry = PromptRegistry.load(config.promptDirectories(), config.promptLookup());
        } catch (UnsupportedOperationException e) {
            return (f, m) -> Verifier.skip("prompt", "not checked: this build has no prompt registry (" + e.getMessage() + ")");
        } catch (DuoException e) {
            return (f, m) -> Verifier.fail("prompt", "The prompt definitions cannot be loaded: " + e.getMessage());
        }
        return (f, m) -> {
            try {
                return Verifier.ok("prompt", registry.select(f.promptId(), m.family(), f.promptVersion()).describe());
            } catch (UnsupportedOperationException e) {
                return Verifier.skip("prompt", "not checked: " + e.getMessage());
            } catch (DuoException e) {
                return Verifier.fail("prompt", e.getMessage());
            }
        };
    }
}
