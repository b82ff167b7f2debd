package dev.duo.eval.internal;

import dev.duo.eval.Score;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a judge's answer ({@code Rating: N} and {@code Reason: ...}). Never guesses: no rating
 * line, a rating outside 1 to 4, a fraction of another scale, or two different ratings make the
 * case unscored, with the judge's words in the reason so a person can see why.
 */
public final class RatingParser {

    // "Rating: 3", "**Rating:** 3", "rating = [3]", "Rating: 3/4", "Rating: 3 out of 4".
    private static final Pattern RATING = Pattern.compile(
            "(?i)\\brating\\b[\\s*_]*[:=][\\s*_\\[]*([+-]?[0-9]+(?:[.,][0-9]+)?)\\]?(?:\\s*(?:/|out\\s+of)\\s*([0-9]+))?");
    private static final Pattern REASON = Pattern.compile("(?is)\\breason\\b[\\s*_]*[:=][\\s*_]*(.*)");
    private static final int MAX_QUOTE = 200;

    private RatingParser() {
    }

    /** The score a judge's answer gives. */
    public static Score parse(String answer) {
        String text = answer == null ? "" : answer;
        Matcher m = RATING.matcher(text);
        List<String> invalid = new ArrayList<>();
        Set<Integer> ratings = new LinkedHashSet<>();
        while (m.find()) {
            String value = m.group(1);
            String scale = m.group(2);
            if (scale != null && !scale.equals("4")) {
                invalid.add(value + "/" + scale);
                continue;
            }
            if (!value.matches("[0-9]+")) {
                invalid.add(value);
                continue;
            }
            int r = Integer.parseInt(value.length() > 3 ? "999" : value);
            if (r < Score.MIN_RATING || r > Score.MAX_RATING) {
                invalid.add(value);
                continue;
            }
            ratings.add(r);
        }
        if (!invalid.isEmpty()) {
            return Score.unscored("the judge gave an invalid rating " + String.join(", ", invalid)
                    + " (1 to 4 expected): " + quote(text));
        }
        if (ratings.isEmpty()) {
            return Score.unscored("the judge's answer has no 'Rating: N' line: " + quote(text));
        }
        if (ratings.size() > 1) {
            return Score.unscored("the judge gave conflicting ratings " + ratings + ": " + quote(text));
        }
        return Score.rated(ratings.iterator().next(), reason(text));
    }

    private static String reason(String text) {
        Matcher r = REASON.matcher(text);
        if (!r.find()) {
            return "";
        }
        String reason = r.group(1).strip();
        // A rating line after the reason belongs to the format, not to the reason.
        Matcher again = RATING.matcher(reason);
        if (again.find()) {
            reason = reason.substring(0, again.start()).strip();
        }
        return reason.length() > 2000 ? reason.substring(0, 2000) + "..." : reason;
    }

    private static String quote(String text) {
        String t = text.strip().replaceAll("\\s+", " ");
        if (t.isEmpty()) {
            return "(empty answer)";
        }
        return "\"" + (t.length() > MAX_QUOTE ? t.substring(0, MAX_QUOTE) + "..." : t) + "\"";
    }
}
