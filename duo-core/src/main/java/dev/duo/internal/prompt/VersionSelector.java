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

    /** {@code versions} sorted by semantic version, unparsable ones last. */
    static List<String> sorted(Collection<String> versions) {
        return versions.stream()
                .sorted(Comparator.comparing((String v) -> Semver.parse(v) == null)
                        .thenComparing(v -> Semver.parse(v) == null ? new Semver("0.0.0") : Semver.parse(v))
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
    }
}
