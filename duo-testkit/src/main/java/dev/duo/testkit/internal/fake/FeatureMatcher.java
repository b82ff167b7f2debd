package dev.duo.testkit.internal.fake;

import dev.duo.feature.Feature;
import dev.duo.feature.FeatureRegistry;
import dev.duo.spi.ModelRequest;
import dev.duo.testkit.RequestMatcher;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code RequestMatcher.feature(key)}: requests for one feature, named by its key or an alias. A
 * request carries the canonical key, so the name given is resolved to it: against the bundled
 * features when the matcher is made (leniently: a name no bundled feature has may be one of the
 * user's own), and strictly, with the SDK's "did you mean", once a fake or call log takes it
 * ({@link #bind}).
 */
public final class FeatureMatcher implements RequestMatcher {

    private final String given;
    private final String key;

    private FeatureMatcher(String given, String key) {
        this.given = given;
        this.key = key;
    }

    /** A matcher for the feature {@code keyOrAlias} names, resolved leniently against the bundled features. */
    public static FeatureMatcher of(String keyOrAlias) {
        Objects.requireNonNull(keyOrAlias, "key");
        String key = FeatureRegistry.bundled().find(keyOrAlias).map(Feature::key).orElse(keyOrAlias);
        return new FeatureMatcher(keyOrAlias, key);
    }

    /**
     * This matcher resolved against {@code features}.
     *
     * @throws dev.duo.UnknownFeatureException when no feature has that key or alias, with the closest ones
     */
    public FeatureMatcher bind(FeatureRegistry features) {
        return new FeatureMatcher(given, features.get(given).key());
    }

    /** The canonical key requests must carry. */
    public String key() {
        return key;
    }

    @Override
    public boolean matches(ModelRequest r) {
        return r.feature().map(key::equals).orElse(false);
    }

    @Override
    public String description() {
        return "feature = '" + key + "'" + (given.equals(key) ? "" : " (alias '" + given + "')");
    }

    @Override
    public Optional<String> mismatch(ModelRequest r) {
        return matches(r) ? Optional.empty()
                : Optional.of("feature was '" + r.feature().orElse("(none)") + "', not '" + key + "'");
    }
}
