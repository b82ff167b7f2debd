package dev.duo;

/**
 * Moved to the record {@link dev.duo.admin.Provenance}, which implements this interface so that
 * code reading a provenance through the old name keeps compiling; goes in the next release.
 *
 * <pre>{@code
 * completion.provenance().ifPresent(p -> log.info("served by {}", p.model()));
 * }</pre>
 *
 * @deprecated use {@link dev.duo.admin.Provenance}
 */
@Deprecated(since = "0.1.0", forRemoval = true)
public interface Provenance {

    /** @return the feature key */
    String feature();

    /** @return the model's name */
    String model();

    /** @return the model family */
    String family();

    /** @return the platform that served it */
    String platform();

    /** @return the prompt file chosen */
    String prompt();
}
