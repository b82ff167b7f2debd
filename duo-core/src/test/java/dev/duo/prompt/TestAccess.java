package dev.duo.prompt;

import dev.duo.feature.Feature;

/** Lets tests in other packages use the hand-built features. */
public final class TestAccess {

    private TestAccess() {
    }

    /** The test feature with this key. */
    public static Feature feature(String key) {
        return TestFeatures.ALL.stream().filter(f -> f.key().equals(key)).findFirst().orElseThrow();
    }
}
