package dev.duo.internal.config;

import dev.duo.InvalidConfigException;
import dev.duo.ModelParams;
import dev.duo.config.AiGatewaySettings;
import dev.duo.config.DuoConfig;
import dev.duo.config.HttpSettings;
import dev.duo.feature.FeatureSetting;
import dev.duo.admin.SettingProvider;
import dev.duo.model.ApiKey;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.model.Timeouts;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts between the file shape ({@link ConfigFile}) and {@link DuoConfig}, validating values and
 * naming the file and entry in every error.
 */
public final class ConfigMapper {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigMapper.class);

    private ConfigMapper() {
    }

    /**
     * Applies a file's settings on top of {@code b}.
     *
     * @param source the file's name, for messages
     * @param baseDir the directory relative paths in the file are relative to
     */
    public static DuoConfig.Builder apply(ConfigFile file, String source, Path baseDir, DuoConfig.Builder b) {
        if (file.store != null) {
            b.store(StoreSections.read(file, source));
        }
        if (file.betaModelsEnabled != null) b.betaModelsEnabled(file.betaModelsEnabled);
        if (file.customModelsEnabled != null) b.customModelsEnabled(file.customModelsEnabled);
        if (file.models != null) {
            List<SelfHostedModel> models = new ArrayList<>();
            Set<String> names = new java.util.HashSet<>();
            for (int i = 0; i < file.models.size(); i++) {
                SelfHostedModel m = resolveFiles(toModel(file.models.get(i), source + ", models[" + i + "]"), baseDir);
                if (!names.add(m.name())) {
                    throw new InvalidConfigException(source + ", models[" + i + "]: a model named '" + m.name()
                            + "' is already defined above; model names must be unique");
                }
                models.add(m);
            }
            b.models(models);
        }
        if (file.features != null) {
            Map<String, FeatureSetting> settings = new LinkedHashMap<>();
            file.features.forEach((key, entry) -> settings.put(key, toSetting(entry, source + ", features." + key)));
            b.features(settings);
        }
        if (file.prompts != null && file.prompts.directories != null) {
            b.promptDirectories(file.prompts.directories.stream().map(baseDir::resolve).map(Path::normalize).toList());
        }
        if (file.prompts != null && file.prompts.lookup != null) {
            file.prompts.lookup.forEach((family, order) -> {
                try {
                    b.promptLookup(ModelFamily.fromId(family), order);
                } catch (IllegalArgumentException ex) {
                    throw new InvalidConfigException(source + ", prompts.lookup." + family + ": " + ex.getMessage());
                }
            });
        }
        if (file.featureMetadata != null) {
            b.featureMetadataFiles(file.featureMetadata.stream().map(baseDir::resolve).map(Path::normalize).toList());
        }
        if (file.customEndpointAllowlist != null) b.customEndpointAllowlist(file.customEndpointAllowlist);
        if (file.http != null) {
            b.http(new HttpSettings(
                    file.http.proxy == null ? null : uri(file.http.proxy, source + ", http.proxy"),
                    file.http.truststore == null ? null : baseDir.resolve(file.http.truststore).normalize()));
        }
        if (file.aiGateway != null) b.aiGateway(toGateway(file.aiGateway, source + ", ai_gateway"));
        return b.source(source);
    }

    /** A model entry (of duo.yml or the development catalog) as a model; {@code where} prefixes errors. */
    public static SelfHostedModel toModel(ConfigFile.ModelEntry e, String where) {
        if (e == null) {
            throw new InvalidConfigException(where + ": empty model entry");
        }
        String at = where + (e.name == null ? "" : " (" + e.name + ")");
        try {
            if (e.family == null) {
                throw new IllegalArgumentException("missing 'family': one of " + ModelFamily.allIds());
            }
            if (e.identifier == null) {
                throw new IllegalArgumentException("missing 'identifier', such as fireworks_ai/<model id>");
            }
            SelfHostedModel.Builder m = SelfHostedModel.builder()
                    .name(e.name)
                    .family(ModelFamily.fromId(e.family))
                    .identifier(e.identifier)
                    .endpoint(e.endpoint == null ? null : uri(e.endpoint, at + ": endpoint"))
                    .endpoints(e.endpoints == null ? null : uris(e.endpoints, at + ": endpoints"))
                    .region(regionOrLocation(e))
                    .apiVersion(e.apiVersion)
                    .project(e.project)
                    .credentialsFile(e.credentialsFile)
                    .allowInsecureEndpoint(Boolean.TRUE.equals(e.allowInsecureEndpoint));
            if (e.apiKey != null) {
                ApiKey key = ApiKey.parse(e.apiKey);
                if (key.isLiteral()) {
                    // The reference is concatenated, not a format argument: slf4j's {} would eat "${...}" braces.
                    LOG.warn(dev.duo.spi.UntrustedText.sanitize(at) + ": api_key holds a literal key; prefer a reference such as "
                            + "${FIREWORKS_AI_API_KEY} so the secret stays out of the file");
                }
                m.apiKey(key);
            }
            if (e.params != null) {
                ModelParams.Builder p = ModelParams.builder();
                if (e.params.temperature != null) p.temperature(e.params.temperature);
                if (e.params.maxTokens != null) p.maxTokens(e.params.maxTokens);
                if (e.params.topP != null) p.topP(e.params.topP);
                if (e.params.stop != null) p.stop(e.params.stop);
                m.params(p.build());
            }
            if (e.maxAnswerSize != null) m.maxAnswerBytes(ByteSizes.parse("max_answer_size", e.maxAnswerSize));
            if (e.circuitBreaker != null) m.circuitBreaker(RoutingEntries.circuitBreaker(e.circuitBreaker));
            if (e.maxConcurrentRequests != null) m.maxConcurrentRequests(RoutingEntries.maxConcurrent(e.maxConcurrentRequests));
            if (e.timeouts != null) {
                Timeouts t = Timeouts.DEFAULTS;
                if (e.timeouts.connect != null) t = t.withConnect(Durations.parse("timeouts.connect", e.timeouts.connect));
                if (e.timeouts.attempt != null) t = t.withAttempt(Durations.parse("timeouts.attempt", e.timeouts.attempt));
                if (e.timeouts.total != null) t = t.withTotal(Durations.parse("timeouts.total", e.timeouts.total));
                if (e.timeouts.idle != null) t = t.withIdle(Durations.parse("timeouts.idle", e.timeouts.idle));
                m.timeouts(t);
            }
            return m.build();
        } catch (IllegalArgumentException ex) {
            throw new InvalidConfigException(at + ": " + ex.getMessage());
        }
    }

    /** The {@code endpoints:} list, each entry read as {@link #uri} reads one (a null entry stays null: the model says so). */
    private static List<URI> uris(List<String> values, String where) {
        List<URI> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            out.add(values.get(i) == null ? null : uri(values.get(i), where + "[" + i + "]"));
        }
        return out;
    }

    /** A model's credentials_file is relative to the file that names it, as prompt directories are. */
    private static SelfHostedModel resolveFiles(SelfHostedModel m, Path baseDir) {
        return m.credentialsFile().map(f -> m.toBuilder().credentialsFile(baseDir.resolve(f).normalize().toString()).build())
                .orElse(m);
    }

    private static ConfigFile.ModelEntry relativeFiles(ConfigFile.ModelEntry e, Path baseDir) {
        if (e.credentialsFile != null) {
            e.credentialsFile = relative(baseDir, Path.of(e.credentialsFile));
        }
        return e;
    }

    /** {@code location} is Google's word for a region (Vertex AI); both may be given only when they agree. */
    private static String regionOrLocation(ConfigFile.ModelEntry e) {
        if (e.region != null && e.location != null && !e.region.equals(e.location)) {
            throw new IllegalArgumentException("'region' (" + e.region + ") and 'location' (" + e.location
                    + ") disagree: they are the same setting, keep one");
        }
        return e.region != null ? e.region : e.location;
    }

    private static Timeouts toTimeouts(ConfigFile.TimeoutsEntry e) {
        Timeouts t = Timeouts.DEFAULTS;
        if (e.connect != null) t = t.withConnect(Durations.parse("timeouts.connect", e.connect));
        if (e.attempt != null) t = t.withAttempt(Durations.parse("timeouts.attempt", e.attempt));
        if (e.total != null) t = t.withTotal(Durations.parse("timeouts.total", e.total));
        if (e.idle != null) t = t.withIdle(Durations.parse("timeouts.idle", e.idle));
        return t;
    }

    private static AiGatewaySettings toGateway(ConfigFile.AiGatewayEntry e, String where) {
        try {
            AiGatewaySettings.Builder g = AiGatewaySettings.builder()
                    .url(e.url == null ? null : uri(e.url, where + ".url"))
                    .allowInsecureEndpoint(Boolean.TRUE.equals(e.allowInsecureEndpoint));
            if (e.token != null) {
                ApiKey token = ApiKey.parse(e.token);
                if (token.isLiteral()) {
                    LOG.warn("{}: token holds a literal token; prefer a reference such as ${{AIGW_TOKEN}} "
                            + "so the secret stays out of the file", where);
                }
                g.token(token);
            }
            if (e.timeouts != null) {
                g.timeouts(toTimeouts(e.timeouts));
            }
            return g.build();
        } catch (IllegalArgumentException ex) {
            throw new InvalidConfigException(where + ": " + ex.getMessage());
        }
    }

    private static FeatureSetting toSetting(ConfigFile.SettingEntry e, String where) {
        if (e == null || e.provider == null) {
            throw new InvalidConfigException(where + ": missing 'provider' (self_hosted, disabled, vendored or unassigned)");
        }
        try {
            boolean via = false;
            if (e.via != null && !e.via.equals("direct")) {
                if (!e.via.equals("ai_gateway")) {
                    throw new IllegalArgumentException("unknown 'via: " + e.via + "': use ai_gateway (call the model"
                            + " through the AI gateway) or direct (the default)");
                }
                via = true;
            }
            return new FeatureSetting(SettingProvider.fromConfigName(e.provider), e.model, via,
                    e.fallbackModels == null ? List.of() : e.fallbackModels);
        } catch (IllegalArgumentException ex) {
            throw new InvalidConfigException(where + ": " + ex.getMessage());
        }
    }

    private static URI uri(String text, String where) {
        try {
            return new URI(text.trim());
        } catch (URISyntaxException e) {
            // The reason and position, not the text: a URL may hold user:password@.
            throw new InvalidConfigException(where + " is not a URL (" + e.getReason() + " at character "
                    + (e.getIndex() + 1) + "): write it as https://host:port/path");
        }
    }

    /** The file shape of a configuration, for writing; paths are written relative to {@code baseDir} where possible. */
    public static ConfigFile toFile(DuoConfig c, Path baseDir) {
        ConfigFile f = new ConfigFile();
        f.betaModelsEnabled = c.betaModelsEnabled();
        f.customModelsEnabled = c.customModelsEnabled();
        f.models = c.models().all().stream().map(ConfigMapper::toEntry).map(e -> relativeFiles(e, baseDir)).toList();
        f.features = new LinkedHashMap<>();
        c.features().forEach((k, s) -> {
            ConfigFile.SettingEntry e = new ConfigFile.SettingEntry();
            e.provider = s.provider().configName();
            e.model = s.model();
            e.via = s.viaGateway() ? "ai_gateway" : null;
            e.fallbackModels = s.fallbackModels().isEmpty() ? null : s.fallbackModels();
            f.features.put(k, e);
        });
        if (!c.promptDirectories().isEmpty()) {
            f.prompts = new ConfigFile.PromptsEntry();
            f.prompts.directories = c.promptDirectories().stream().map(p -> relative(baseDir, p)).toList();
        }
        if (!c.promptLookup().isEmpty()) {
            if (f.prompts == null) {
                f.prompts = new ConfigFile.PromptsEntry();
            }
            f.prompts.lookup = new LinkedHashMap<>();
            c.promptLookup().forEach((family, order) -> f.prompts.lookup.put(family.id(), order));
        }
        if (!c.featureMetadata().isEmpty()) {
            f.featureMetadata = c.featureMetadata().stream().map(p -> relative(baseDir, p)).toList();
        }
        if (!c.customEndpointAllowlist().isEmpty()) f.customEndpointAllowlist = c.customEndpointAllowlist();
        if (!c.http().equals(HttpSettings.DEFAULTS)) {
            f.http = new ConfigFile.HttpEntry();
            f.http.proxy = c.http().proxyUrl().map(URI::toString).orElse(null);
            f.http.truststore = c.http().truststorePath().map(p -> relative(baseDir, p)).orElse(null);
        }
        c.store().ifPresent(st -> f.store = StoreSections.toEntry(st));
        if (c.store().isPresent()) {
            // The store holds these; the file must not list them beside it.
            f.betaModelsEnabled = null;
            f.models = null;
            f.features = null;
        }
        c.aiGateway().ifPresent(g -> f.aiGateway = toEntry(g));
        return f;
    }

    private static ConfigFile.ModelEntry toEntry(SelfHostedModel m) {
        ConfigFile.ModelEntry e = new ConfigFile.ModelEntry();
        e.name = m.name();
        e.family = m.family().id();
        e.identifier = m.identifier().raw();
        e.endpoint = m.replicas().isEmpty() ? m.endpoint().map(URI::toString).orElse(null) : null;
        e.endpoints = m.replicas().isEmpty() ? null : m.replicas().stream().map(URI::toString).toList();
        e.apiKey = m.apiKey().map(ApiKey::toConfigText).orElse(null);
        e.region = m.region().orElse(null);
        if (!m.params().isEmpty()) {
            e.params = new ConfigFile.ParamsEntry();
            m.params().temperature().ifPresent(v -> e.params.temperature = v);
            m.params().maxTokens().ifPresent(v -> e.params.maxTokens = v);
            m.params().topP().ifPresent(v -> e.params.topP = v);
            e.params.stop = m.params().stop().orElse(null);
        }
        if (!m.timeouts().equals(Timeouts.DEFAULTS)) {
            e.timeouts = new ConfigFile.TimeoutsEntry();
            Timeouts t = m.timeouts();
            Timeouts d = Timeouts.DEFAULTS;
            if (!t.connect().equals(d.connect())) e.timeouts.connect = Durations.format(t.connect());
            if (!t.attempt().equals(d.attempt())) e.timeouts.attempt = Durations.format(t.attempt());
            if (!t.total().equals(d.total())) e.timeouts.total = Durations.format(t.total());
            if (!t.idle().equals(d.idle())) e.timeouts.idle = Durations.format(t.idle());
        }
        if (m.allowInsecureEndpoint()) e.allowInsecureEndpoint = true;
        e.apiVersion = m.apiVersion().orElse(null);
        e.project = m.project().orElse(null);
        e.credentialsFile = m.credentialsFile().orElse(null);
        if (m.maxAnswerBytes() != SelfHostedModel.DEFAULT_MAX_ANSWER_BYTES) e.maxAnswerSize = ByteSizes.format(m.maxAnswerBytes());
        e.circuitBreaker = RoutingEntries.toEntry(m.circuitBreaker());
        if (m.maxConcurrentRequests() > 0) e.maxConcurrentRequests = m.maxConcurrentRequests();
        return e;
    }

    /** Only the deadlines that differ from the defaults; null when none does. */
    private static ConfigFile.TimeoutsEntry toEntry(Timeouts t) {
        if (t.equals(Timeouts.DEFAULTS)) {
            return null;
        }
        ConfigFile.TimeoutsEntry e = new ConfigFile.TimeoutsEntry();
        Timeouts d = Timeouts.DEFAULTS;
        if (!t.connect().equals(d.connect())) e.connect = Durations.format(t.connect());
        if (!t.attempt().equals(d.attempt())) e.attempt = Durations.format(t.attempt());
        if (!t.total().equals(d.total())) e.total = Durations.format(t.total());
        if (!t.idle().equals(d.idle())) e.idle = Durations.format(t.idle());
        return e;
    }

    private static ConfigFile.AiGatewayEntry toEntry(AiGatewaySettings g) {
        ConfigFile.AiGatewayEntry e = new ConfigFile.AiGatewayEntry();
        e.url = g.url().toString();
        e.token = g.token().map(ApiKey::toConfigText).orElse(null);
        e.timeouts = toEntry(g.timeouts());
        if (g.allowInsecureEndpoint()) e.allowInsecureEndpoint = true;
        return e;
    }

    private static String relative(Path base, Path p) {
        try {
            Path abs = base.toAbsolutePath().normalize();
            Path target = p.toAbsolutePath().normalize();
            return target.startsWith(abs) ? "./" + abs.relativize(target) : p.toString();
        } catch (IllegalArgumentException e) {
            return p.toString();
        }
    }
}
