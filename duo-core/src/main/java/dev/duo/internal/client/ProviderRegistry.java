package dev.duo.internal.client;

import dev.duo.ConfigurationException;
import dev.duo.ProviderNotFoundException;
import dev.duo.model.ModelIdentifier;
import dev.duo.spi.ModelProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers one client uses, by platform id: those given explicitly to the builder first, then
 * those found through {@link ServiceLoader}. Two discovered providers claiming one platform id is a
 * startup error naming both.
 */
public final class ProviderRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistry.class);

    private static final Map<String, String> ARTIFACTS = Map.of(
            ModelIdentifier.FIREWORKS_AI, "dev.duo:duo-fireworks",
            ModelIdentifier.CUSTOM_OPENAI, "dev.duo:duo-fireworks",
            ModelIdentifier.OPENAI, "dev.duo:duo-fireworks",
            ModelIdentifier.BEDROCK, "dev.duo:duo-bedrock",
            ModelIdentifier.AZURE, "dev.duo:duo-fireworks",
            ModelIdentifier.VERTEX_AI, "dev.duo:duo-vertex",
            ModelIdentifier.AI_GATEWAY, "dev.duo:duo-gateway");

    private final Map<String, ModelProvider> byPlatform;
    private final List<ModelProvider> all;

    private ProviderRegistry(Map<String, ModelProvider> byPlatform, List<ModelProvider> all) {
        this.byPlatform = byPlatform;
        this.all = all;
    }

    /**
     * Explicit providers, then those on the class loader's path.
     *
     * @throws ConfigurationException when two discovered providers claim one platform id
     */
    public static ProviderRegistry load(List<ModelProvider> explicit, ClassLoader loader) {
        Map<String, ModelProvider> map = new LinkedHashMap<>();
        List<ModelProvider> all = new ArrayList<>(explicit);
        for (ModelProvider p : explicit) {
            for (String id : p.platforms()) {
                map.putIfAbsent(id, p);
            }
        }
        Map<String, ModelProvider> discovered = new LinkedHashMap<>();
        for (ModelProvider p : ServiceLoader.load(ModelProvider.class, loader)) {
            boolean used = false;
            for (String id : p.platforms()) {
                ModelProvider other = discovered.putIfAbsent(id, p);
                if (other != null) {
                    closeQuietly(p);
                    all.forEach(ProviderRegistry::closeQuietly);
                    throw new ConfigurationException("Two provider modules claim the platform '" + id + "': "
                            + other.getClass().getName() + " and " + p.getClass().getName()
                            + ". Keep only one of them on the classpath.");
                }
                if (map.putIfAbsent(id, p) == null) {
                    used = true;
                }
            }
            if (used) {
                all.add(p);
            } else {
                closeQuietly(p);
            }
        }
        LOG.debug("providers by platform: {}", map.keySet());
        return new ProviderRegistry(map, all);
    }

    /**
     * The provider of a platform.
     *
     * @throws ProviderNotFoundException naming the artifact to add
     */
    public ModelProvider forPlatform(String platform, String modelName) {
        ModelProvider p = byPlatform.get(platform);
        if (p == null) {
            String artifact = ARTIFACTS.get(platform);
            throw new ProviderNotFoundException("No provider module serves the platform '" + platform + "' of model '"
                    + modelName + "'. " + (artifact == null
                    ? "Add a module that implements dev.duo.spi.ModelProvider for it."
                    : "Add the dependency " + artifact + " (same version as duo-core) to your build."));
        }
        return p;
    }

    /** Whether some provider serves the platform. */
    public boolean serves(String platform) {
        return byPlatform.containsKey(platform);
    }

    @Override
    public void close() {
        for (ModelProvider p : all) {
            closeQuietly(p);
        }
    }

    private static void closeQuietly(ModelProvider p) {
        try {
            p.close();
        } catch (RuntimeException e) {
            LOG.warn("closing provider {} failed: {}", p.getClass().getName(), e.toString());
        }
    }
}
