package dev.duo.internal.util;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Finds the names closest to a mistyped one, for "did you mean" messages. */
public final class Suggestions {

    private Suggestions() {
    }

    /**
     * Up to {@code max} candidates within a small edit distance of {@code wanted} (or containing it),
     * closest first.
     */
    public static List<String> closest(String wanted, Collection<String> candidates, int max) {
        String w = wanted.toLowerCase(Locale.ROOT);
        int limit = Math.max(2, w.length() / 3);
        return candidates.stream()
                .map(c -> new Scored(c, score(w, c.toLowerCase(Locale.ROOT))))
                .filter(s -> s.distance <= limit)
                .sorted(Comparator.comparingInt((Scored s) -> s.distance).thenComparing(s -> s.name))
                .limit(max)
                .map(s -> s.name)
                .toList();
    }

    /** "did you mean a, b?" or "" when nothing is close. */
    public static String didYouMean(String wanted, Collection<String> candidates) {
        List<String> close = closest(wanted, candidates, 3);
        return close.isEmpty() ? "" : " Did you mean " + String.join(", ", close) + "?";
    }

    private static int score(String wanted, String candidate) {
        if (!wanted.isEmpty() && (candidate.contains(wanted) || wanted.contains(candidate))) {
            return 1;
        }
        return levenshtein(wanted, candidate);
    }

    static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private record Scored(String name, int distance) {
    }
}
