package dev.duo.prompt;

import dev.duo.model.ModelFamily;
import java.nio.file.Path;
import java.util.List;

/**
 * Versioned prompt definitions laid out as the GitLab AI gateway lays them out
 * ({@code <prompt id>/<family>/<semver>.yml}), bundled and from user directories.
 *
 * <pre>{@code
 * PromptRegistry prompts = PromptRegistry.load(List.of(Path.of("prompts")));
 * PromptTemplate t = prompts.select("code_suggestions/generations", ModelFamily.CODESTRAL, "^1.0.0");
 * }</pre>
 */
public final class PromptRegistry {

    private PromptRegistry() {
    }

    /** The bundled prompts plus those of {@code userDirectories}, which override bundled ones. */
    public static PromptRegistry load(List<Path> userDirectories) {
        throw new UnsupportedOperationException("prompt registry: being written (issue 3)");
    }

    /**
     * The definition for this prompt id, family (following its lookup order) and version constraint.
     *
     * @throws dev.duo.PromptNotFoundException listing the families tried and versions found
     */
    public PromptTemplate select(String promptId, ModelFamily family, String versionConstraint) {
        throw new UnsupportedOperationException("prompt registry: being written (issue 3)");
    }
}
