package dev.duo.examples.cli;

import dev.duo.DuoException;
import dev.duo.MissingCredentialsException;
import dev.duo.config.DuoConfig;
import dev.duo.config.FeatureSettings;
import dev.duo.feature.Feature;
import dev.duo.feature.FeatureRegistry;
import dev.duo.feature.FeatureSetting;
import dev.duo.admin.SettingProvider;
import dev.duo.model.ModelIdentifier;
import dev.duo.model.SelfHostedModel;
import dev.duo.spi.ProviderContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks, for every feature, whether it resolves end to end, in the order a call resolves it:
 * setting, model, family, beta opt-in, prompt, provider module, credentials, endpoint. The first
 * failure makes the later checks moot, so they are skipped. Nothing here calls a model.
 */
final class Verifier {

    /** The columns of the matrix, in order. */
    static final List<String> CHECKS = List.of("model", "family", "beta", "prompt", "provider", "credentials", "endpoint");

    enum Status { OK, FAIL, WARN, SKIP }

    /** One check's outcome; {@code message} says what is wrong and how to fix it. */
    record Check(String name, Status status, String message) {
    }

    /** One feature's outcome. */
    record Row(Feature feature, FeatureSetting setting, List<Check> checks) {
        boolean configured() {
            // A vendored feature is configured when an AI gateway serves it (then it has checks).
            return setting.provider() == SettingProvider.SELF_HOSTED || !checks.isEmpty();
        }

        boolean broken() {
            return checks.stream().anyMatch(c -> c.status() == Status.FAIL);
        }
    }

    /** Finds the prompt for a feature and family; returns null when found, else a check explaining why not. */
    interface PromptLookup {
        Check check(Feature feature, SelfHostedModel model);
    }

    /** Connects to an address or throws; a seam so tests need no network. */
    interface Prober {
        void connect(String host, int port, Duration timeout) throws IOException;
    }

    /**
     * Runs the policy a call runs before any request (the provider's own endpoint and credential
     * rules, through {@code ModelProvider.createClient}); throws the refusal a call would get.
     */
    interface Policy {
        void check(ProviderContext context);
    }

    /** No policy: for tests of the other checks. */
    static final Policy NO_POLICY = ctx -> { };

    static final Prober TCP = (host, port, timeout) -> {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
        }
    };

    private final DuoConfig config;
    private final FeatureRegistry features;
    private final Map<String, String> env;
    private final Set<String> platforms;
    private final PromptLookup prompts;
    private final Prober prober;
    private final boolean probe;
    private final Policy policy;

    Verifier(DuoConfig config, FeatureRegistry features, Map<String, String> env, Set<String> platforms,
             PromptLookup prompts, Prober prober, boolean probe) {
        this(config, features, env, platforms, prompts, prober, probe, NO_POLICY);
    }

    Verifier(DuoConfig config, FeatureRegistry features, Map<String, String> env, Set<String> platforms,
             PromptLookup prompts, Prober prober, boolean probe, Policy policy) {
        this.policy = policy;
        this.config = config;
        this.features = features;
        this.env = env;
        this.platforms = platforms;
        this.prompts = prompts;
        this.prober = prober;
        this.probe = probe;
    }

    List<Row> run() {
        FeatureSettings settings = new FeatureSettings(features, config);
        GatewayVerifier gateway = new GatewayVerifier(config, env, platforms, probe);
        List<Row> rows = new ArrayList<>();
        for (Feature f : features.all()) {
            FeatureSetting s = settings.settingOf(f);
            boolean viaGateway = s.viaGateway() || (s.provider() == SettingProvider.VENDORED && config.aiGateway().isPresent());
            rows.add(new Row(f, s, viaGateway ? gateway.checks(f, s)
                    : s.provider() == SettingProvider.SELF_HOSTED ? checks(f, s) : List.of()));
        }
        return rows;
    }

    private List<Check> checks(Feature f, FeatureSetting s) {
        List<Check> out = new ArrayList<>();
        SelfHostedModel m = config.models().find(s.model()).orElse(null);
        if (m == null) {
            String msg;
            try {
                config.models().get(s.model());
                msg = "";
            } catch (DuoException e) {
                msg = e.getMessage();
            }
            out.add(fail("model", msg + " Add it with 'duo models add', or assign another: 'duo features assign "
                    + f.key() + " --model <name>'"));
            return skipRest(out);
        }
        out.add(ok("model", m.name()));
        if (!f.supports(m.family())) {
            out.add(fail("family", dev.duo.config.FeatureSettings.incompatibility(f, m)));
            return skipRest(out);
        }
        out.add(ok("family", m.family().id()));
        if (!config.betaModelsEnabled() && (f.releaseState().needsBetaOptIn() || m.releaseState().needsBetaOptIn())) {
            String what = f.releaseState().needsBetaOptIn() ? f.title() + " is a " + f.releaseState() + " feature"
                    : m.name() + " is of the BETA family " + m.family().id();
            out.add(fail("beta", what + ": turn on the beta opt-in with 'duo settings beta on'"));
        } else {
            out.add(ok("beta", config.betaModelsEnabled() ? "opted in" : "not needed"));
        }
        out.add(prompts.check(f, m));
        if (!platforms.contains(m.platform())) {
            String artifact = m.platform().equals(ModelIdentifier.BEDROCK) ? "dev.duo:duo-bedrock"
                    : m.platform().equals(ModelIdentifier.VERTEX_AI) ? "dev.duo:duo-vertex" : "dev.duo:duo-fireworks";
            out.add(fail("provider", "No provider module serves the platform '" + m.platform() + "': add " + artifact
                    + " to the classpath"));
        } else {
            out.add(ok("provider", m.platform()));
        }
        Check credentials = credentials(m);
        out.add(credentials);
        out.add(credentials.status() == Status.FAIL ? skip("endpoint", "not checked: fix the credentials first")
                : endpoint(m));
        return out;
    }

    /**
     * The refusal a call to this model would get before sending anything (a key in clear text, an
     * endpoint off the allowlist, user info in the URL), or null. Only models that override the
     * platform's endpoint can be refused; the public endpoints always pass.
     */
    private Check policyRefusal(SelfHostedModel m) {
        boolean bedrockOverride = m.platform().equals(ModelIdentifier.BEDROCK)
                && env.getOrDefault("AWS_BEDROCK_RUNTIME_ENDPOINT", "").isBlank() == false;
        if (m.endpoint().isEmpty() && !bedrockOverride) {
            return null;
        }
        ProviderContext ctx;
        try {
            ctx = ProviderContext.builder(m)
                    .apiKey(m.apiKey().isPresent() ? m.apiKey().get().resolve(env) : null)
                    .http(config.http())
                    .environment(env)
                    .customModelsEnabled(config.customModelsEnabled())
                    .customEndpointAllowlist(config.customEndpointAllowlist())
                    .build();
        } catch (DuoException e) {
            return null; // reported by the credentials check
        }
        try {
            policy.check(ctx);
            return null;
        } catch (MissingCredentialsException e) {
            return null; // the credentials check reports these (AWS's chain is only a warning there)
        } catch (DuoException e) {
            return fail("endpoint", "Every call to model '" + m.name() + "' would be refused: " + e.getMessage());
        }
    }

    private Check credentials(SelfHostedModel m) {
        if (m.apiKey().isPresent()) {
            try {
                m.apiKey().get().resolve(env);
                return ok("credentials", m.apiKey().get().reference());
            } catch (DuoException e) {
                return fail("credentials", "Model '" + m.name() + "': " + e.getMessage());
            }
        }
        switch (m.platform()) {
            case ModelIdentifier.FIREWORKS_AI, ModelIdentifier.OPENAI -> {
                String var = m.platform().equals(ModelIdentifier.OPENAI) ? "OPENAI_API_KEY" : "FIREWORKS_AI_API_KEY";
                return fail("credentials", "Model '" + m.name() + "' has no api_key: add 'api_key: ${" + var + "}' to it in duo.yml "
                        + "and export " + var);
            }
            case ModelIdentifier.BEDROCK -> {
                return awsCredentials();
            }
            case ModelIdentifier.AZURE -> {
                return fail("credentials", "Model '" + m.name() + "' has no api_key: add 'api_key: ${AZURE_OPENAI_API_KEY}'"
                        + " (the resource's key, or an Entra ID token) to it in duo.yml and export AZURE_OPENAI_API_KEY");
            }
            case ModelIdentifier.VERTEX_AI -> {
                return googleCredentials(m);
            }
            default -> {
                return ok("credentials", "none needed");
            }
        }
    }

    /** Google's default chain also reads gcloud's login and the metadata server, so only a named file that is missing fails. */
    private Check googleCredentials(SelfHostedModel m) {
        String file = m.credentialsFile().orElse(env.get("GOOGLE_APPLICATION_CREDENTIALS"));
        if (file != null && !file.isBlank()) {
            String from = m.credentialsFile().isPresent() ? "credentials_file" : "GOOGLE_APPLICATION_CREDENTIALS";
            return Files.isReadable(Path.of(file)) ? ok("credentials", from + " " + file)
                    : fail("credentials", "Model '" + m.name() + "': the Google credentials file " + file + " (" + from
                            + ") cannot be read: fix the path or download the service account's JSON key");
        }
        if (env.get("GOOGLE_OAUTH_ACCESS_TOKEN") != null) {
            return ok("credentials", "GOOGLE_OAUTH_ACCESS_TOKEN");
        }
        String home = env.get("HOME");
        if (home != null && Files.isRegularFile(Path.of(home, ".config", "gcloud", "application_default_credentials.json"))) {
            return ok("credentials", "gcloud application default credentials");
        }
        return new Check("credentials", Status.WARN, "No Google credentials found: set credentials_file on the model or"
                + " GOOGLE_APPLICATION_CREDENTIALS to a service-account key file, or run 'gcloud auth application-default"
                + " login', unless the metadata server of a Google Cloud machine provides them");
    }

    /** The AWS default chain also reads instance roles, so a miss here is a warning, not a failure. */
    private Check awsCredentials() {
        for (String v : List.of("AWS_BEARER_TOKEN_BEDROCK", "AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE",
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
            String value = env.get(v);
            if (value != null && !value.isBlank()) {
                return ok("credentials", v);
            }
        }
        String home = env.get("HOME");
        if (home != null && (Files.isRegularFile(Path.of(home, ".aws", "credentials"))
                || Files.isRegularFile(Path.of(home, ".aws", "config")))) {
            return ok("credentials", "~/.aws");
        }
        return new Check("credentials", Status.WARN, "No AWS credentials found in the environment or ~/.aws: export "
                + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_BEARER_TOKEN_BEDROCK) unless an instance role provides them");
    }

    /** The endpoint check of one model (probed with --probe): for the routing section of the report. */
    Check endpoint(SelfHostedModel m) {
        if (!m.replicas().isEmpty()) {
            Check refused = policyRefusal(m);
            return refused != null ? refused : ReplicaProbe.check(m, config, probe, prober);
        }
        URI uri = m.effectiveEndpoint().orElse(null);
        String host;
        int port;
        Check refused = policyRefusal(m);
        if (refused != null) {
            return refused;
        }
        if (uri != null) {
            if (!config.customModelsEnabled() && m.endpoint().isPresent()
                    && !dev.duo.spi.EndpointRules.onAllowlist(uri, config.customEndpointAllowlist())) {
                return fail("endpoint", "Custom models are disabled (custom_models_enabled: false or AIGW_CUSTOM_MODELS__ENABLED) "
                        + "and " + dev.duo.spi.EndpointRules.display(uri) + " is not in custom_endpoint_allowlist: add it there"
                        + " or enable custom models");
            }
            host = uri.getHost();
            port = uri.getPort() >= 0 ? uri.getPort() : "http".equals(uri.getScheme()) ? 80 : 443;
        } else if (m.platform().equals(ModelIdentifier.BEDROCK)) {
            String region = m.region().orElse(env.getOrDefault("AWS_REGION", "us-east-1"));
            host = "bedrock-runtime." + region + ".amazonaws.com";
            port = 443;
        } else {
            return skip("endpoint", "no endpoint");
        }
        if (!probe) {
            return skip("endpoint", host + ":" + port + " (not probed: pass --probe)");
        }
        try {
            prober.connect(host, port, Duration.ofSeconds(3));
            return ok("endpoint", host + ":" + port);
        } catch (IOException | RuntimeException e) {
            return fail("endpoint", "Cannot connect to " + host + ":" + port + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "): check the endpoint, the network and any proxy");
        }
    }

    private static List<Check> skipRest(List<Check> out) {
        for (String name : CHECKS.subList(out.size(), CHECKS.size())) {
            out.add(skip(name, "not checked"));
        }
        return out;
    }

    static Check ok(String name, String detail) {
        return new Check(name, Status.OK, detail);
    }

    static Check fail(String name, String message) {
        return new Check(name, Status.FAIL, message);
    }

    static Check skip(String name, String detail) {
        return new Check(name, Status.SKIP, detail);
    }
}
