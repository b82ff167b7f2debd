package dev.duo.prompt;

import dev.duo.model.ModelFamily;
import java.util.List;
import java.util.Optional;

/**
 * Moved to {@link dev.duo.admin.PromptLookup}, which implements this interface so that code reading
 * a lookup through the old name keeps compiling; goes in the next release.
 *
 * <pre>{@code
 * System.out.println(registry.explain("chat/explain_code", ModelFamily.MIXTRAL, "^1.0.0").explanation());
 * }</pre>
 *
 * @deprecated use {@link dev.duo.admin.PromptLookup}
 */
@Deprecated(since = "0.1.0", forRemoval = true)
public interface PromptLookup {

    /** @return the prompt id asked for */
    String promptId();

    /** @return the model's family */
    ModelFamily modelFamily();

    /** @return the constraint asked for */
    String versionConstraint();

    /** @return the families looked at, in order */
    List<dev.duo.admin.PromptLookup.FamilyCheck> familiesTried();

    /** @return how the version was picked */
    String rule();

    /** @return the chosen prompt */
    Optional<PromptTemplate> chosen();

    /** @return the chosen file */
    Optional<String> chosenFile();

    /** @return why nothing was chosen */
    Optional<String> failure();

    /** @return the whole lookup in words */
    String explanation();
}
