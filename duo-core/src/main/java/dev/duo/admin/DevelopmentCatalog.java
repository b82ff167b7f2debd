package dev.duo.admin;

import dev.duo.model.SelfHostedModel;
import dev.duo.internal.config.ConfigFile;
import dev.duo.internal.config.ConfigMapper;
import dev.duo.internal.yaml.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

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

    /** Every model of the catalog, in order. */
    public static List<SelfHostedModel> models() {
        try (InputStream in = DevelopmentCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundled " + RESOURCE + " is missing from duo-core's jar");
            }
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
}
