package dev.duo.feature;

/** How far a feature or model family is released, as GitLab labels it. *
 * <pre>{@code
 * if (feature.releaseState().needsBetaOptIn()) enableBetaFirst();
 * }</pre>
 */
public enum ReleaseState {
    /** Generally available. */
    GA,
    /** Usable only after the beta opt-in. */
    BETA,
    /** Usable only after the beta opt-in; may change or go away. */
    EXPERIMENT;

    /** True for BETA and EXPERIMENT, which need {@code beta_models_enabled: true}. */
    public boolean needsBetaOptIn() {
        return this != GA;
    }
}
