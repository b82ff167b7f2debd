package dev.duo.prompt;

import dev.duo.admin.PromptLookup;
import dev.duo.admin.PromptListing;
import dev.duo.admin.PromptProblem;
import dev.duo.internal.prompt.PromptCatalog;
import dev.duo.model.ModelFamily;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Versioned prompt definitions laid out as the GitLab AI gateway lays them out
 * ({@code <prompt id>/<family>/<semver>.yml}, with shared {@code .jinja} fragments beside them),
 * bundled and from user directories. Immutable and thread-safe; every template is parsed at load.
 *
 * <p>Precedence: a user file replaces the bundled file with the same id, family and version; when
 * two user directories define the same file the later directory wins and a warning names both.
 * A broken user file does not stop loading: it is listed in {@link #problems()} and only a
 * selection that lands on its id and family fails.
 *
 * <p>Selection: the families of {@link #lookupOrder(ModelFamily)} (the bundled family table, or
 * duo.yml's {@code prompt_lookup}) are tried in order and the
 * first that has the prompt is used (as the gateway does). An exact version ({@code 1.0.0},
 * {@code 1.1.0-dev}) matches exactly; any other constraint ({@code ^1.0.0}, {@code ~1.0}, a range)
 * considers only stable versions and the highest match wins.
 *
 * <p>Templates are Jinja (rendered by Jinjava as the gateway's sandbox renders Jinja2): includes are
 * relative to the prompt root and looked up in the including file's own directory tree first, then
 * in the other roots (later user directories first, bundled last). A definition whose
 * {@code prompt_template} has the single key {@code prompt} (our extension) is a raw text prompt
 * for a {@code /completions} endpoint ({@link dev.duo.spi.RequestMode#TEXT}).
 *
 * <pre>{@code
 * PromptRegistry prompts = PromptRegistry.load(List.of(Path.of("prompts")));
 * PromptTemplate t = prompts.select("code_suggestions/generations", ModelFamily.CODESTRAL, "^1.0.0");
 * RenderedPrompt p = t.render(feature, Map.of("user_instruction", "parse a CSV line"));
 * }</pre>
 */
public final class PromptRegistry {

    private final PromptCatalog catalog;

    private PromptRegistry(PromptCatalog catalog) {
        this.catalog = catalog;
    }

    /** The bundled prompts plus those of {@code userDirectories}, which override bundled ones (later wins). */
    public static PromptRegistry load(List<Path> userDirectories) {
        Objects.requireNonNull(userDirectories, "userDirectories");
        return new PromptRegistry(PromptCatalog.load(List.copyOf(userDirectories)));
    }

    /**
     * As {@link #load(List)}, with prompt lookup orders per family that replace the bundled family
     * table's (duo.yml's {@code prompt_lookup}).
     */
    public static PromptRegistry load(List<Path> userDirectories, Map<ModelFamily, List<String>> lookupOrders) {
        Objects.requireNonNull(userDirectories, "userDirectories");
        Objects.requireNonNull(lookupOrders, "lookupOrders");
        return new PromptRegistry(PromptCatalog.load(List.copyOf(userDirectories), lookupOrders));
    }

    /** Only the bundled prompts. */
    public static PromptRegistry bundled() {
        return load(List.of());
    }

    /**
     * The definition for this prompt id, family (following its lookup order) and version constraint.
     *
     * @throws dev.duo.PromptNotFoundException listing the families tried, or the versions found
     * @throws dev.duo.InvalidConfigException when the definition files of the family used are broken
     */
    public PromptTemplate select(String promptId, ModelFamily family, String versionConstraint) {
        return catalog.select(Objects.requireNonNull(promptId, "promptId"), Objects.requireNonNull(family, "family"),
                Objects.requireNonNull(versionConstraint, "versionConstraint"));
    }

    /**
     * The definition for this prompt id in a family folder: a registered family's id follows that
     * family's lookup order; any other folder name (the gateway's {@code gpt_5}, {@code amazon_q} ...)
     * is tried, then {@code base}.
     *
     * <pre>{@code
     * PromptTemplate t = registry.select("chat/agent", "gpt_5", "^1.0.0");
     * }</pre>
     *
     * @throws dev.duo.PromptNotFoundException listing the folders tried, or the versions found
     * @throws dev.duo.InvalidConfigException when the file that would be selected is broken
     */
    public PromptTemplate select(String promptId, String familyFolder, String versionConstraint) {
        return catalog.selectFolder(Objects.requireNonNull(promptId, "promptId"),
                Objects.requireNonNull(familyFolder, "familyFolder"),
                Objects.requireNonNull(versionConstraint, "versionConstraint"));
    }

    /** The prompt folders {@code family} tries, in order, ending with {@code base}. */
    public List<String> lookupOrder(ModelFamily family) {
        return catalog.lookupOrder(Objects.requireNonNull(family, "family"));
    }

    /** Why {@link #select} picks what it picks (or fails), without throwing. */
    public PromptLookup explain(String promptId, ModelFamily family, String versionConstraint) {
        return catalog.explain(Objects.requireNonNull(promptId, "promptId"), Objects.requireNonNull(family, "family"),
                Objects.requireNonNull(versionConstraint, "versionConstraint"));
    }

    /**
     * One definition file by its exact id, family directory ({@code base} included) and version,
     * whatever a model family's lookup would pick; empty when there is no such usable file.
     */
    public Optional<PromptTemplate> find(String promptId, String family, String version) {
        return catalog.find(promptId, family, version);
    }

    /** Every prompt id and family with its versions and where each comes from, sorted. */
    public List<PromptListing> list() {
        return catalog.list();
    }

    /** Every broken definition file found at load (empty when all is well). */
    public List<PromptProblem> problems() {
        return catalog.problems();
    }

    /** Warnings from loading, such as a file defined in two user directories. */
    public List<String> warnings() {
        return catalog.warnings();
    }
}
