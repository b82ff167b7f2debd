package dev.duo.eval;

/**
 * How a metric compares with its threshold: green when it meets or beats the threshold, yellow
 * when it is below but within the margin, red when it is further below.
 *
 * <pre>{@code
 * TrafficLight.of(0.75, 0.8, 0.1);   // YELLOW
 * }</pre>
 */
public enum TrafficLight {
    /** Meets or beats the threshold. */
    GREEN,
    /** Below the threshold, by at most the margin. */
    YELLOW,
    /** More than the margin below the threshold. */
    RED;

    /**
     * The light for a value. A tiny tolerance keeps 0.7999999 (a share computed in floating point)
     * from missing a threshold of 0.8.
     */
    public static TrafficLight of(double value, double threshold, double margin) {
        double eps = 1e-9;
        if (value + eps >= threshold) {
            return GREEN;
        }
        return value + eps >= threshold - margin ? YELLOW : RED;
    }

    /** The worse of two lights. */
    public TrafficLight worse(TrafficLight other) {
        return ordinal() >= other.ordinal() ? this : other;
    }

    /** The lower-case word reports show, such as {@code green}. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
