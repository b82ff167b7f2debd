package dev.duo.prompt;

import java.util.List;

/**
 * Moved to the record {@link dev.duo.admin.PromptListing}, which implements this interface so that
 * code reading listings through the old name keeps compiling; goes in the next release.
 *
 * <pre>{@code
 * registry.list().forEach(l -> System.out.println(l.id() + " " + l.family()));
 * }</pre>
 *
 * @deprecated use {@link dev.duo.admin.PromptListing}
 */
@Deprecated(since = "0.1.0", forRemoval = true)
public interface PromptListing {

    /** @return the prompt id */
    String id();

    /** @return the family directory */
    String family();

    /** @return every version file, lowest first */
    List<dev.duo.admin.PromptListing.Version> versions();
}
