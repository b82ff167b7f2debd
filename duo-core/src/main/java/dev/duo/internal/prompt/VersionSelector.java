package dev.duo.internal.prompt;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.semver4j.RangesList;
import org.semver4j.RangesListFactory;
import org.semver4j.Semver;

/**
 * Picks a version as the gateway does: an exact version matches exactly (even a {@code -dev} one);
 * any other constraint ({@code ^1.0.0}, {@code ~1.0}, {@code >=1.0.0, <2.0.0}) considers only
 * stable versions and the highest match wins.
 */
final class VersionSelector {

    private VersionSelector() {
    }

    /** The outcome: the chosen version if any, and the rule applied, in words. */
    record Choice(Optional<String> version, String rule) {
    }

    /**
     * Chooses among {@code versions} (file names without {@code .yml}).
     *
     * @throws IllegalArgumentException when the constraint is not a version or range
     */
    static Choice choose(Collection<String> versions, String constraint) {
        String c = constraint.trim();
        Semver exact = Semver.parse(c);
        if (exact != null) {
            Optional<String> hit = versions.stream()
                    .filter(v -> c.equals(v) || (Semver.parse(v) != null && Semver.parse(v).isEqualTo(exact)))
                    .findFirst();
            return new Choice(hit, "exact version " + c + ": only that file matches");
        }
        // Poetry writes AND as a comma; semver4j (npm syntax) as a space.
        String range = c.replace(',', ' ');
        RangesList ranges = RangesListFactory.create(range);
        if (ranges.get().isEmpty()) {
            throw new IllegalArgumentException("version constraint '" + constraint
                    + "' is neither a version (1.0.0) nor a range (^1.0.0, ~1.0, >=1.0.0 <2.0.0)");
        }
        Optional<String> best = versions.stream()
                .filter(v -> Semver.parse(v) != null)
                .filter(v -> Semver.parse(v).getPreRelease().isEmpty())
                .filter(v -> Semver.parse(v).satisfies(ranges))
                .max(Comparator.comparing(Semver::parse));
        return new Choice(best, "range " + c + " (" + ranges + "): stable versions only, highest match wins");
    }

    /**
     * The version {@link #choose} would choose, without the rule in words. A caret range of a stable
     * version ({@code ^1.0.0}, major at least 1) over file names that are all plain versions
     * ({@code 1.2.3}, optionally {@code -pre.release}) is decided here by comparing numbers: semver4j
     * would pick the same (the highest stable version of that major, at least the given one), and its
     * parsers and their set-up are the largest part of selecting a prompt at start-up. Anything else
     * goes to {@link #choose}.
     *
     * @throws IllegalArgumentException when the constraint is not a version or range
     */
    static Optional<String> pick(Collection<String> versions, String constraint) {
        String c = constraint.trim();
        long[] floor = c.length() > 1 && c.charAt(0) == '^' ? plain(c, 1, c.length()) : null;
        if (floor == null || floor[0] < 1) {
            return choose(versions, constraint).version();
        }
        String best = null;
        long[] bestParts = null;
        for (String v : versions) {
            int dash = v.indexOf('-');
            long[] parts = plain(v, 0, dash < 0 ? v.length() : dash);
            if (parts == null || (dash >= 0 && !preRelease(v, dash + 1))) {
                return choose(versions, constraint).version();      // not a plain name: semver4j decides
            }
            if (dash < 0 && parts[0] == floor[0] && compare(parts, floor) >= 0
                    && (bestParts == null || compare(parts, bestParts) > 0)) {
                best = v;
                bestParts = parts;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether a file name is a semantic version ({@code 1.0.0}, {@code 1.1.0-dev}). */
    static boolean isVersion(String v) {
        return plain(v, 0, v.length()) != null || Semver.parse(v) != null;
    }

    /** MAJOR.MINOR.PATCH in {@code s[from, to)}: numbers without leading zeros, at most 9 digits; else null. */
    private static long[] plain(String s, int from, int to) {
        long[] parts = new long[3];
        int part = 0;
        int digits = 0;
        for (int i = from; i < to; i++) {
            char ch = s.charAt(i);
            if (ch >= '0' && ch <= '9') {
                if ((digits == 1 && parts[part] == 0) || ++digits > 9) {
                    return null;
                }
                parts[part] = parts[part] * 10 + (ch - '0');
            } else if (ch == '.' && digits > 0 && part < 2) {
                part++;
                digits = 0;
            } else {
                return null;
            }
        }
        return part == 2 && digits > 0 ? parts : null;
    }

    /** Only the characters of semver pre-release identifiers, at least one: such a name is never a stable version. */
    private static boolean preRelease(String s, int from) {
        if (from >= s.length()) {
            return false;
        }
        for (int i = from; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (!(ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch == '.' || ch == '-')) {
                return false;
            }
        }
        return true;
    }

    private static int compare(long[] a, long[] b) {
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Long.compare(a[i], b[i]);
            }
        }
        return 0;
    }

    /** {@code versions} sorted by semantic version, unparsable ones last. */
    static List<String> sorted(Collection<String> versions) {
        return versions.stream()
                .sorted(Comparator.comparing((String v) -> Semver.parse(v) == null)
                        .thenComparing(v -> Semver.parse(v) == null ? new Semver("0.0.0") : Semver.parse(v))
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
    }
}
