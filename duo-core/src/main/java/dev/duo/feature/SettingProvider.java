package dev.duo.feature;

/**
 * Moved to the enum {@link dev.duo.admin.SettingProvider}, which implements this interface; its
 * constants and {@link #fromConfigName(String)} are the new enum's, so comparisons such as
 * {@code setting.provider() == SettingProvider.DISABLED} keep compiling (a {@code switch} needs the
 * new name). Goes in the next release.
 *
 * <pre>{@code
 * dev.duo.admin.SettingProvider p = SettingProvider.fromConfigName("self_hosted");
 * }</pre>
 *
 * @deprecated use {@link dev.duo.admin.SettingProvider}
 */
@Deprecated(since = "0.1.0", forRemoval = true)
public interface SettingProvider {

    /** See {@link dev.duo.admin.SettingProvider#SELF_HOSTED}. */
    dev.duo.admin.SettingProvider SELF_HOSTED = dev.duo.admin.SettingProvider.SELF_HOSTED;
    /** See {@link dev.duo.admin.SettingProvider#DISABLED}. */
    dev.duo.admin.SettingProvider DISABLED = dev.duo.admin.SettingProvider.DISABLED;
    /** See {@link dev.duo.admin.SettingProvider#VENDORED}. */
    dev.duo.admin.SettingProvider VENDORED = dev.duo.admin.SettingProvider.VENDORED;
    /** See {@link dev.duo.admin.SettingProvider#UNASSIGNED}. */
    dev.duo.admin.SettingProvider UNASSIGNED = dev.duo.admin.SettingProvider.UNASSIGNED;

    /** @return the name used in duo.yml */
    String configName();

    /**
     * See {@link dev.duo.admin.SettingProvider#fromConfigName(String)}.
     *
     * @param name the duo.yml name
     * @return the provider
     */
    static dev.duo.admin.SettingProvider fromConfigName(String name) {
        return dev.duo.admin.SettingProvider.fromConfigName(name);
    }
}
