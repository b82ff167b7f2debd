package dev.duo.admin;

import java.util.Locale;

/** Who serves a feature, as GitLab's feature settings name it. *
 * <pre>{@code
 * SettingProvider p = SettingProvider.fromConfigName("self_hosted");
 * }</pre>
 */
@SuppressWarnings("removal") // implements its old name for one release
public enum SettingProvider implements dev.duo.feature.SettingProvider {
    /** A self-hosted model from the model registry serves it. */
    SELF_HOSTED,
    /** The feature is turned off. */
    DISABLED,
    /**
     * Served by an AI gateway with the gateway's own model, as GitLab's {@code vendored} means: this
     * SDK calls the gateway configured under {@code ai_gateway:}, and refuses the feature when none is.
     */
    VENDORED,
    /** Not set up yet: the default for every feature. */
    UNASSIGNED;

    /** The name used in duo.yml, such as {@code self_hosted}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a duo.yml name.
     *
     * @throws IllegalArgumentException listing the accepted names
     */
    public static SettingProvider fromConfigName(String name) {
        for (SettingProvider p : values()) {
            if (p.configName().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown feature provider '" + name
                + "': use one of self_hosted, disabled, vendored, unassigned");
    }
}
