package dev.duo.model;

import java.util.List;

/**
 * Moved to {@link dev.duo.admin.DevelopmentCatalog}; this alias delegates to it and goes in the next
 * release.
 *
 * <pre>{@code
 * List<SelfHostedModel> models = dev.duo.admin.DevelopmentCatalog.models();
 * }</pre>
 *
 * @deprecated use {@link dev.duo.admin.DevelopmentCatalog}
 */
@Deprecated(since = "0.1.0", forRemoval = true)
public final class DevelopmentCatalog {

    private DevelopmentCatalog() {
    }

    /**
     * See {@link dev.duo.admin.DevelopmentCatalog#models()}.
     *
     * @return the catalog's models
     */
    public static List<SelfHostedModel> models() {
        return dev.duo.admin.DevelopmentCatalog.models();
    }
}
