package dev.duo.eval;

import java.util.Objects;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Ready-made scorers that compare the response with the case's reference answer or a pattern,
 * and wrappers that name a user's own. Matching scorers pass or fail; a case without the
 * reference answer they need is unscored (it counts as a failure).
 *
 * <pre>{@code
 * Scorer exact = Scorers.exactMatch();                 // response.strip() equals reference.strip()
 * Scorer mentions = Scorers.contains();                // response contains the reference
 * Scorer cmd = Scorers.regex("git reset --soft HEAD~1");
 * Scorer mine = Scorers.rating("length", (c, r) -> Score.rated(r.length() < 500 ? 4 : 2, "length"));
 * }</pre>
 */
public final class Scorers {

    private Scorers() {
    }

    /** Passes when the response equals the reference answer, ignoring leading and trailing white space. */
    public static Scorer exactMatch() {
        return named("exact_match", false, (c, r) -> withReference(c, ref -> r.strip().equals(ref.strip())
                ? Score.pass("equals the reference") : Score.fail("differs from the reference")));
    }

    /** Passes when the response contains the reference answer (stripped), case-sensitively. */
    public static Scorer contains() {
        return named("contains", false, (c, r) -> withReference(c, ref -> r.contains(ref.strip())
                ? Score.pass("contains the reference") : Score.fail("does not contain the reference")));
    }

    /** Passes when the response contains this text, case-sensitively. */
    public static Scorer contains(String text) {
        Objects.requireNonNull(text, "text");
        return named("contains", false, (c, r) -> r.contains(text)
                ? Score.pass("contains '" + text + "'") : Score.fail("does not contain '" + text + "'"));
    }

    /**
     * Passes when the pattern is found in the response ({@link java.util.regex.Matcher#find()}).
     *
     * @throws java.util.regex.PatternSyntaxException for an invalid pattern
     */
    public static Scorer regex(String pattern) {
        Pattern p = Pattern.compile(pattern);
        return named("regex", false, (c, r) -> p.matcher(r).find()
                ? Score.pass("matches /" + pattern + "/") : Score.fail("does not match /" + pattern + "/"));
    }

    /** A user's pass/fail scorer, named for reports. */
    public static Scorer of(String name, BiFunction<EvalCase, String, Score> scorer) {
        return named(name, false, scorer);
    }

    /** A user's scorer that rates 1 to 4 (usable with rating metrics), named for reports. */
    public static Scorer rating(String name, BiFunction<EvalCase, String, Score> scorer) {
        return named(name, true, scorer);
    }

    private static Score withReference(EvalCase c, java.util.function.Function<String, Score> check) {
        return c.reference().map(check).orElseGet(() -> Score.unscored("the case has no reference answer"));
    }

    private static Scorer named(String name, boolean rates, BiFunction<EvalCase, String, Score> fn) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fn, "scorer");
        return new Scorer() {
            @Override
            public Score score(EvalCase evalCase, String response) {
                return fn.apply(evalCase, response);
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean rates() {
                return rates;
            }

            @Override
            public String toString() {
                return "Scorer{" + name + '}';
            }
        };
    }
}
