package dev.duo.spring.boot;

import dev.duo.DuoClient;
import dev.duo.config.DuoConfig;
import dev.duo.feature.Feature;
import dev.duo.feature.FeatureSetting;
import dev.duo.model.SelfHostedModel;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/duo}: the configuration in use, for operators: settings, every feature with its
 * setting, every model. Never a secret: api keys show as their {@code ${VAR}} reference (or
 * {@code <literal>}), endpoints without user info, query or fragment.
 *
 * <pre>{@code
 * GET /actuator/duo
 * {"source":"/etc/duo/duo.yml","settings":{...},"features":[{"key":"code_generations",...}],"models":[...]}
 * }</pre>
 */
@Endpoint(id = "duo")
public final class DuoEndpoint {

    private final DuoClient client;

    /** The endpoint of {@code client}. */
    public DuoEndpoint(DuoClient client) {
        this.client = client;
    }

    /** The whole report. */
    @ReadOperation
    public Map<String, Object> report() {
        DuoConfig config = client.config();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", config.source().orElse(null));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("beta_models_enabled", config.betaModelsEnabled());
        settings.put("custom_models_enabled", config.customModelsEnabled());
        settings.put("custom_endpoint_allowlist", config.customEndpointAllowlist());
        settings.put("prompt_directories", config.promptDirectories().stream().map(Object::toString).toList());
        settings.put("feature_metadata", config.featureMetadata().stream().map(Object::toString).toList());
        settings.put("request_logging", config.requestLogging());
        settings.put("wire_logging", config.wireLogging());
        out.put("settings", settings);
        List<Map<String, Object>> features = new ArrayList<>();
        for (Feature f : client.features().all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", f.key());
            m.put("title", f.title());
            m.put("release_state", f.releaseState().name());
            m.put("category", f.category());
            m.put("prompt_id", f.promptId());
            FeatureSetting s = client.featureSettings().settingOf(f);
            Map<String, Object> setting = new LinkedHashMap<>();
            setting.put("provider", s.provider().configName());
            setting.put("model", s.modelName().orElse(null));
            m.put("setting", setting);
            features.add(m);
        }
        out.put("features", features);
        List<Map<String, Object>> models = new ArrayList<>();
        for (SelfHostedModel model : config.models().all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", model.name());
            m.put("family", model.family().id());
            m.put("identifier", model.identifier().toString());
            m.put("platform", model.platform());
            m.put("endpoint", model.endpoint().map(DuoEndpoint::withoutCredentials).orElse(null));
            m.put("api_key", model.apiKey().map(k -> k.reference()).orElse(null));
            m.put("region", model.region().orElse(null));
            m.put("release_state", model.releaseState().name());
            m.put("used_by", client.featureSettings().usedBy(model.name()));
            models.add(m);
        }
        out.put("models", models);
        return out;
    }

    // A URL may carry credentials (user:password@host, ?key=...): show only scheme, host, port and path.
    static String withoutCredentials(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost();
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return uri.getScheme() == null ? "<opaque>" : uri.getScheme() + "://" + host + port + path;
    }
}
