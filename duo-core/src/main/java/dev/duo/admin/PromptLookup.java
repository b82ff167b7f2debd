package dev.duo.admin;

import dev.duo.prompt.PromptTemplate;
import dev.duo.model.ModelFamily;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a prompt was (or was not) selected: the families tried in order, the versions each one has,
 * the rule applied to the version constraint and the file chosen. {@code duo prompts explain}
 * prints {@link #explanation()}.
 *
 * <pre>{@code
 * PromptLookup l = registry.explain("chat/explain_code", ModelFamily.MIXTRAL, "^1.0.0");
 * System.out.println(l.explanation());
 * l.chosenFile().ifPresent(System.out::println);
 * }</pre>
 */
@SuppressWarnings("removal") // implements its old name for one release
public final class PromptLookup implements dev.duo.prompt.PromptLookup {

    /**
     * One family directory looked at.
     *
     * @param family the family directory name, such as {@code mistral}
     * @param versions the versions it holds, lowest first; empty when it holds none
     */
    public record FamilyCheck(String family, List<String> versions) {

        /** Copies the list. */
        public FamilyCheck {
            Objects.requireNonNull(family, "family");
            versions = List.copyOf(versions);
        }
    }

    private final String promptId;
    private final ModelFamily modelFamily;
    private final String versionConstraint;
    private final List<FamilyCheck> familiesTried;
    private final String rule;
    private final PromptTemplate chosen;
    private final String failure;

    /**
     * Built by the registry.
     *
     * @param promptId the prompt id asked for
     * @param modelFamily the model's family
     * @param versionConstraint the constraint asked for
     * @param familiesTried the families looked at, in order, up to the one used
     * @param rule how the version was picked, in words (empty when no family had the prompt)
     * @param chosen the chosen prompt, or null
     * @param failure why nothing was chosen, or null
     */
    public PromptLookup(String promptId, ModelFamily modelFamily, String versionConstraint,
            List<FamilyCheck> familiesTried, String rule, PromptTemplate chosen, String failure) {
        this.promptId = Objects.requireNonNull(promptId, "promptId");
        this.modelFamily = Objects.requireNonNull(modelFamily, "modelFamily");
        this.versionConstraint = Objects.requireNonNull(versionConstraint, "versionConstraint");
        this.familiesTried = List.copyOf(familiesTried);
        this.rule = Objects.requireNonNull(rule, "rule");
        this.chosen = chosen;
        this.failure = failure;
        if ((chosen == null) == (failure == null)) {
            throw new IllegalArgumentException("a lookup has either a chosen prompt or a failure");
        }
    }

    /** The prompt id asked for. */
    public String promptId() {
        return promptId;
    }

    /** The model family asked for. */
    public ModelFamily modelFamily() {
        return modelFamily;
    }

    /** The version constraint asked for. */
    public String versionConstraint() {
        return versionConstraint;
    }

    /** The family directories looked at, in lookup order, ending with the one used. */
    public List<FamilyCheck> familiesTried() {
        return familiesTried;
    }

    /** How the version was picked, such as "range ^1.0.0: stable versions only, highest match wins". */
    public String rule() {
        return rule;
    }

    /** The selected prompt, when there is one. */
    public Optional<PromptTemplate> chosen() {
        return Optional.ofNullable(chosen);
    }

    /** The selected file, when there is one. */
    public Optional<String> chosenFile() {
        return chosen().map(PromptTemplate::file);
    }

    /** Why nothing was selected, when nothing was. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** The whole trail in a few lines, for a person. */
    public String explanation() {
        StringBuilder sb = new StringBuilder();
        sb.append("prompt ").append(promptId).append(" for family ").append(modelFamily.id())
                .append(", version ").append(versionConstraint).append('\n');
        for (FamilyCheck f : familiesTried) {
            sb.append("  ").append(f.family()).append(": ")
                    .append(f.versions().isEmpty() ? "no definitions" : "versions " + String.join(", ", f.versions()))
                    .append('\n');
        }
        if (!rule.isEmpty()) {
            sb.append("  rule: ").append(rule).append('\n');
        }
        if (chosen != null) {
            sb.append("  chosen: ").append(chosen.describe()).append(" from ").append(chosen.file());
        } else {
            sb.append("  no prompt: ").append(failure);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return explanation();
    }
}
