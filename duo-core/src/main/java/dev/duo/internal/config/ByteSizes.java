package dev.duo.internal.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes sizes as duo.yml spells them: {@code 8MiB}, {@code 512KiB}, {@code 1GiB} or plain bytes. */
public final class ByteSizes {

    private static final Pattern FORM = Pattern.compile("(\\d{1,12})\\s*(b|kib|mib|gib)?");

    private ByteSizes() {
    }

    /**
     * Parses {@code text}; {@code key} names the setting in the error.
     *
     * @throws IllegalArgumentException naming the key and the accepted forms
     */
    public static long parse(String key, String text) {
        Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(key + " is '" + dev.duo.spi.UntrustedText.sanitize(text, 100)
                    + "': write a size such as 512KiB, 8MiB or 1GiB");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        return switch (unit) {
            case "kib" -> n * 1024;
            case "mib" -> n * 1024 * 1024;
            case "gib" -> n * 1024 * 1024 * 1024;
            default -> n;
        };
    }

    /** The shortest exact spelling of {@code bytes}. */
    public static String format(long bytes) {
        if (bytes % (1024L * 1024 * 1024) == 0) return bytes / (1024L * 1024 * 1024) + "GiB";
        if (bytes % (1024L * 1024) == 0) return bytes / (1024L * 1024) + "MiB";
        if (bytes % 1024 == 0) return bytes / 1024 + "KiB";
        return Long.toString(bytes);
    }
}
