package dev.duo.internal.config;

import dev.duo.InvalidConfigException;
import dev.duo.ModelParams;
import dev.duo.config.DuoConfig;
import dev.duo.config.HttpSettings;
import dev.duo.feature.FeatureSetting;
import dev.duo.feature.SettingProvider;
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
        if (file.betaModelsEnabled != null) b.betaModelsEnabled(file.betaModelsEnabled);
        if (file.customModelsEnabled != null) b.customModelsEnabled(file.customModelsEnabled);
        if (file.models != null) {
            List<SelfHostedModel> models = new ArrayList<>();
            Set<String> names = new java.util.HashSet<>();
            for (int i = 0; i < file.models.size(); i++) {
                SelfHostedModel m = toModel(file.models.get(i), source + ", models[" + i + "]");
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
                    .region(e.region)
                    .allowInsecureEndpoint(Boolean.TRUE.equals(e.allowInsecureEndpoint));
            if (e.apiKey != null) {
                ApiKey key = ApiKey.parse(e.apiKey);
                if (key.isLiteral()) {
                    LOG.warn("{}: api_key holds a literal key; prefer a reference such as ${{FIREWORKS_AI_API_KEY}} "
                            + "so the secret stays out of the file", at);
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

    private static FeatureSetting toSetting(ConfigFile.SettingEntry e, String where) {
        if (e == null || e.provider == null) {
            throw new InvalidConfigException(where + ": missing 'provider' (self_hosted, disabled, vendored or unassigned)");
        }
        try {
            return new FeatureSetting(SettingProvider.fromConfigName(e.provider), e.model);
        } catch (IllegalArgumentException ex) {
            throw new InvalidConfigException(where + ": " + ex.getMessage());
        }
    }

    private static URI uri(String text, String where) {
        try {
            return new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new InvalidConfigException(where + " is not a URL: " + e.getMessage());
        }
    }

    /** The file shape of a configuration, for writing; paths are written relative to {@code baseDir} where possible. */
    public static ConfigFile toFile(DuoConfig c, Path baseDir) {
        ConfigFile f = new ConfigFile();
        f.betaModelsEnabled = c.betaModelsEnabled();
        f.customModelsEnabled = c.customModelsEnabled();
        f.models = c.models().all().stream().map(ConfigMapper::toEntry).toList();
        f.features = new LinkedHashMap<>();
        c.features().forEach((k, s) -> {
            ConfigFile.SettingEntry e = new ConfigFile.SettingEntry();
            e.provider = s.provider().configName();
            e.model = s.model();
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
        return f;
    }

    private static ConfigFile.ModelEntry toEntry(SelfHostedModel m) {
        ConfigFile.ModelEntry e = new ConfigFile.ModelEntry();
        e.name = m.name();
        e.family = m.family().id();
        e.identifier = m.identifier().raw();
        e.endpoint = m.endpoint().map(URI::toString).orElse(null);
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
