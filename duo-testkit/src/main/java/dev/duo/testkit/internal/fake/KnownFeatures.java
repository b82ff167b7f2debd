package dev.duo.testkit.internal.fake;

import dev.duo.feature.FeatureRegistry;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * The features of the {@code DuoClient} each test double was wired into by {@code TestClients}, so
 * that a fake, recorder or replay resolves the names a test gives against the same features its
 * client knows, the user's own included. Held weakly: a double the test dropped is forgotten.
 */
public final class KnownFeatures {

    private static final Map<Object, Supplier<FeatureRegistry>> WIRED = Collections.synchronizedMap(new WeakHashMap<>());

    private KnownFeatures() {
    }

    /** Records that {@code log}'s calls come from a client with these features. */
    public static void wire(Object log, Supplier<FeatureRegistry> features) {
        WIRED.put(log, features);
    }

    /** The features of the client {@code log} was wired into, else the bundled ones. */
    public static FeatureRegistry of(Object log) {
        Supplier<FeatureRegistry> s = WIRED.get(log);
        return s != null ? s.get() : FeatureRegistry.bundled();
    }
}
