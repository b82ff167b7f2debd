package dev.duo.admin;

import dev.duo.model.SelfHostedModel;
import dev.duo.internal.config.ConfigFile;
import dev.duo.internal.config.ConfigMapper;
import dev.duo.internal.yaml.BundledYaml;
import dev.duo.internal.yaml.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The development catalog of self-hosted models (Bedrock and Fireworks AI) that {@code duo models seed}
 * adds, read from the bundled {@code development_catalog.yml}: model ids retire, so they are data.
 *
 * <pre>{@code
 * for (SelfHostedModel m : DevelopmentCatalog.models()) System.out.println(m.name());
 * }</pre>
 */
public final class DevelopmentCatalog {

    private static final String RESOURCE = "/dev/duo/model/development_catalog.yml";

    private DevelopmentCatalog() {
    }

    private static ConfigFile.ModelEntry entry(java.util.Map<String, Object> m, int i) {
        BundledYaml.onlyKeys(m, "bundled development_catalog.yml, models[" + i + "]", "name", "family", "identifier",
                "endpoint", "api_key", "region");
        ConfigFile.ModelEntry e = new ConfigFile.ModelEntry();
        e.name = (String) m.get("name");
        e.family = (String) m.get("family");
        e.identifier = (String) m.get("identifier");
        e.endpoint = (String) m.get("endpoint");
        e.apiKey = (String) m.get("api_key");
        e.region = (String) m.get("region");
        return e;
    }

    /** The catalog read as duo.yml is read (Jackson's strict binding), for the test that compares both readers. */
    static List<SelfHostedModel> modelsThroughJackson() {
        try (InputStream in = DevelopmentCatalog.class.getResourceAsStream(RESOURCE)) {
            ConfigFile file = YamlReader.read(in, "bundled development_catalog.yml", ConfigFile.class);
            List<SelfHostedModel> out = new ArrayList<>();
            for (int i = 0; i < file.models.size(); i++) {
                out.add(ConfigMapper.toModel(file.models.get(i), "development_catalog.yml, models[" + i + "]"));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every model of the catalog, in order. */
    public static List<SelfHostedModel> models() {
        Map<String, Object> doc = BundledYaml.readResource(DevelopmentCatalog.class, RESOURCE, "development_catalog.yml");
        if (doc == null) {
            throw new IllegalStateException("the bundled " + RESOURCE + " is missing from duo-core's jar");
        }
        // Read without Jackson's data binding, from the build-time index when there is one (BundledYaml: its
        // start-up is a large part of a cold start); DevelopmentCatalogReaderTest keeps this equal to reading
        // the file as duo.yml is read.
        List<Object> models = BundledYaml.list(doc.get("models"));
        List<SelfHostedModel> out = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            out.add(ConfigMapper.toModel(entry(BundledYaml.map(models.get(i)), i), "development_catalog.yml, models[" + i + "]"));
        }
        return List.copyOf(out);
    }
}
