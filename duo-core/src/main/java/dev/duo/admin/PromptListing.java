package dev.duo.admin;

import java.util.List;
import java.util.Objects;

/**
 * The versions of one prompt id for one family, as {@code duo prompts list} shows them.
 *
 * <pre>{@code
 * for (PromptListing l : registry.list()) {
 *     System.out.println(l.id() + " " + l.family() + " " + l.versions());
 * }
 * }</pre>
 *
 * @param id the prompt id, such as {@code chat/explain_code}
 * @param family the family directory, such as {@code base}
 * @param versions every version file, lowest first
 */
@SuppressWarnings("removal") // implements its old name for one release
public record PromptListing(String id, String family, List<Version> versions)
        implements dev.duo.prompt.PromptListing {

    /** Copies the list. */
    public PromptListing {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(family, "family");
        versions = List.copyOf(versions);
    }

    /**
     * One version file.
     *
     * @param version the version, such as {@code 1.0.0} or {@code 1.1.0-dev}
     * @param source {@code bundled} or the user file's path
     * @param usable false when the file is broken (see {@link dev.duo.prompt.PromptRegistry#problems()})
     */
    public record Version(String version, String source, boolean usable) {

        /** Validates the parts. */
        public Version {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(source, "source");
        }
    }
}
