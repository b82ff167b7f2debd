package dev.duo.internal.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.semver4j.Semver;

/**
 * {@link VersionSelector#pick} (the numbers-only caret path a selection takes) against
 * {@link VersionSelector#choose} (semver4j) over random sets of file names and constraints, plain
 * and odd ones alike: the same version chosen, the same error, and the same answer to "is this file
 * name a version".
 */
class VersionPickTest {

    private static final String[] ODD = {"1.0", "v1.2.3", "01.2.3", "1.02.3", "1.2.3+build", "1.2.3-dev", "1.2.3-rc.1",
        "1.2.3-01", "1.2.3-", "2.0.0-dev+b", "latest", "1.2.3.4", "9999999999.0.0", "0.0.0", "1..2", ".1.2", "1.2.", " 1.2.3"};

    @Test
    void aPickIsWhatSemver4jChoosesForEverySetOfNamesAndConstraint() {
        Random rnd = new Random(42);
        int found = 0;
        for (int i = 0; i < 20_000; i++) {
            TreeSet<String> versions = new TreeSet<>();
            int n = 1 + rnd.nextInt(6);
            for (int j = 0; j < n; j++) {
                versions.add(rnd.nextInt(8) == 0 ? ODD[rnd.nextInt(ODD.length)] : name(rnd));
            }
            String constraint = constraint(rnd);
            String ours;
            String theirs;
            try {
                ours = String.valueOf(VersionSelector.pick(versions, constraint));
            } catch (IllegalArgumentException e) {
                ours = "error " + e.getMessage();
            }
            try {
                theirs = String.valueOf(VersionSelector.choose(versions, constraint).version());
            } catch (IllegalArgumentException e) {
                theirs = "error " + e.getMessage();
            }
            assertThat(ours).as("%s among %s", constraint, versions).isEqualTo(theirs);
            if (!ours.equals(Optional.empty().toString())) {
                found++;
            }
        }
        assertThat(found).as("most picks found a version").isGreaterThan(5_000);
    }

    @Test
    void aFileNameIsAVersionExactlyWhenSemver4jParsesIt() {
        Random rnd = new Random(7);
        List<String> names = new ArrayList<>(List.of(ODD));
        for (int i = 0; i < 5_000; i++) {
            names.add(name(rnd));
        }
        for (String v : names) {
            assertThat(VersionSelector.isVersion(v)).as(v).isEqualTo(Semver.parse(v) != null);
        }
    }

    private static String name(Random rnd) {
        String v = rnd.nextInt(4) + "." + rnd.nextInt(4) + "." + rnd.nextInt(12);
        return switch (rnd.nextInt(6)) {
            case 0 -> v + "-dev";
            case 1 -> v + "-rc." + rnd.nextInt(3);
            default -> v;
        };
    }

    private static String constraint(Random rnd) {
        String v = rnd.nextInt(4) + "." + rnd.nextInt(4) + "." + rnd.nextInt(12);
        return switch (rnd.nextInt(10)) {
            case 0 -> v;
            case 1 -> "~" + v;
            case 2 -> ">=" + v + ", <3.0.0";
            case 3 -> "^" + v + "-dev";
            case 4 -> "nonsense";
            case 5 -> " ^" + v + " ";
            case 6 -> "^01.0.0";
            default -> "^" + v;
        };
    }
}
