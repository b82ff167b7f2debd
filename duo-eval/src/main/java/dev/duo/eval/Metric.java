package dev.duo.eval;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The one number an evaluation compares with its threshold. Unscored cases count as failures:
 * not rated 3 or 4, not passed, and the lowest rating (1) in a mean.
 *
 * <pre>{@code
 * Metric m = Metric.parse("share_rated_3_or_4");
 * }</pre>
 */
public enum Metric {
    /** The share of cases rated 3 or 4 (GitLab's example metric); 0 to 1; default margin 0.10. */
    SHARE_RATED_3_OR_4("share_rated_3_or_4", true, 0.10),
    /** The mean rating, 1 to 4; default margin 0.3 (a tenth of the scale). */
    MEAN_RATING("mean_rating", true, 0.3),
    /** The share of cases that passed (rated 3 or 4, or matched); 0 to 1; default margin 0.10. */
    PASS_RATE("pass_rate", false, 0.10);

    private final String id;
    private final boolean needsRating;
    private final double defaultMargin;

    Metric(String id, boolean needsRating, double defaultMargin) {
        this.id = id;
        this.needsRating = needsRating;
        this.defaultMargin = defaultMargin;
    }

    /** The id reports and the command line use, such as {@code share_rated_3_or_4}. */
    public String id() {
        return id;
    }

    /** Whether the scorer must rate 1 to 4. */
    public boolean needsRating() {
        return needsRating;
    }

    /** The yellow margin when none is set, in the metric's own units. */
    public double defaultMargin() {
        return defaultMargin;
    }

    /** Whether it is a share (0 to 1) rather than a rating. */
    public boolean isShare() {
        return this != MEAN_RATING;
    }

    /**
     * The metric with this id (case-insensitive).
     *
     * @throws IllegalArgumentException naming the ids there are
     */
    public static Metric parse(String id) {
        for (Metric m : values()) {
            if (m.id.equalsIgnoreCase(id.trim()) || m.name().equalsIgnoreCase(id.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + id + "': use one of "
                + Arrays.stream(values()).map(Metric::id).collect(Collectors.joining(", ")));
    }

    /** The value shown in reports: a share as a percentage, a mean with two decimals. */
    public String format(double value) {
        return isShare() ? String.format(Locale.ROOT, "%.1f%%", value * 100) : String.format(Locale.ROOT, "%.2f", value);
    }
}
