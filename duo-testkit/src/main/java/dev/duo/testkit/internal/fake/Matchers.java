package dev.duo.testkit.internal.fake;

import dev.duo.feature.FeatureRegistry;
import dev.duo.testkit.RequestMatcher;
import java.util.LinkedHashSet;
import java.util.Set;

/** Resolves the feature names inside a matcher, wherever a fake or a call log takes one. */
public final class Matchers {

    private Matchers() {
    }

    /**
     * {@code matcher} with every feature name in it resolved against {@code features}; matchers of
     * the user's own making are left as they are.
     *
     * @throws dev.duo.UnknownFeatureException for a feature name no feature has, with the closest ones
     */
    public static RequestMatcher bind(RequestMatcher matcher, FeatureRegistry features) {
        if (matcher instanceof FeatureMatcher f) {
            return f.bind(features);
        }
        if (matcher instanceof AndMatcher a) {
            RequestMatcher left = bind(a.left(), features);
            RequestMatcher right = bind(a.right(), features);
            return left == a.left() && right == a.right() ? a : new AndMatcher(left, right);
        }
        return matcher;
    }

    /** The canonical feature keys a matcher asks for (empty when it asks for none). */
    public static Set<String> features(RequestMatcher matcher) {
        Set<String> out = new LinkedHashSet<>();
        collect(matcher, out);
        return out;
    }

    private static void collect(RequestMatcher m, Set<String> out) {
        if (m instanceof FeatureMatcher f) {
            out.add(f.key());
        } else if (m instanceof AndMatcher a) {
            collect(a.left(), out);
            collect(a.right(), out);
        }
    }
}
