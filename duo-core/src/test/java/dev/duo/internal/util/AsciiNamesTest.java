package dev.duo.internal.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each hand-written check against the regex it replaced, over random strings of the characters that matter. */
class AsciiNamesTest {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern FOLDER = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern LITERAL_PATH = Pattern.compile("(['\"])([^'\"]*)\\1(\\s*\\|\\s*safe)?");

    @Test
    void identifiersAndFolderNamesAreWhatTheirRegexesMatch() {
        Random rnd = new Random(11);
        for (int i = 0; i < 100_000; i++) {
            String s = random(rnd, "aZ_09.-$ {}é\t");
            assertThat(AsciiNames.isIdentifier(s)).as(s).isEqualTo(IDENTIFIER.matcher(s).matches());
            assertThat(AsciiNames.isFolderName(s)).as(s).isEqualTo(FOLDER.matcher(s).matches());
        }
    }

    @Test
    void aLiteralPathIsWhatItsRegexMatched() {
        Random rnd = new Random(12);
        int paths = 0;
        for (int i = 0; i < 100_000; i++) {
            String s = random(rnd, "'\"a/.| \t\n\u000Bsafe");
            if (rnd.nextInt(3) == 0) {
                s = "'a/b.jinja'" + random(rnd, " |\tsafe");
            }
            Matcher m = LITERAL_PATH.matcher(s);
            String expected = m.matches() ? m.group(2) : null;
            assertThat(AsciiNames.literalPath(s)).as("[%s]", s).isEqualTo(expected);
            paths += expected == null ? 0 : 1;
        }
        assertThat(paths).as("the corpus has matches").isGreaterThan(1_000);
    }

    private static String random(Random rnd, String alphabet) {
        StringBuilder b = new StringBuilder();
        for (int n = rnd.nextInt(9); n > 0; n--) {
            b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
