package dev.duo.internal.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes durations as duo.yml spells them: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}. */
public final class Durations {

    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private Durations() {
    }

    /**
     * Parses {@code text}; {@code key} names the setting in the error.
     *
     * @throws IllegalArgumentException naming the key and the accepted forms
     */
    public static Duration parse(String key, String text) {
        Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(key + " is '" + text + "': write a duration such as 500ms, 30s, 2m or 1h");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is '" + text + "': the number is too large");
        }
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(Math.min(n, Long.MAX_VALUE / 60));
            default -> Duration.ofHours(Math.min(n, Long.MAX_VALUE / 3600));
        };
    }

    /** The shortest exact spelling of {@code d}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }
}
