package dev.duo.eval;

import java.util.Objects;
import java.util.Optional;

/**
 * The score of one response: a rating from 1 to 4 (judges), or pass/fail (matchers), or unscored
 * when the scorer could not decide (a judge answer with no valid rating, or conflicting ones). An
 * unscored case counts as a failure in every metric and is listed as unscored; it is never guessed.
 *
 * <pre>{@code
 * Score good = Score.rated(4, "correct and complete");
 * Score ok = Score.pass("contains the expected command");
 * Score none = Score.unscored("the judge gave no rating");
 * }</pre>
 */
public final class Score {

    /** The lowest rating. */
    public static final int MIN_RATING = 1;
    /** The highest rating. */
    public static final int MAX_RATING = 4;
    /** Ratings from this one up pass. */
    public static final int PASSING_RATING = 3;

    private final Integer rating;
    private final boolean passed;
    private final boolean unscored;
    private final String reason;

    private Score(Integer rating, boolean passed, boolean unscored, String reason) {
        this.rating = rating;
        this.passed = passed;
        this.unscored = unscored;
        this.reason = reason == null ? "" : reason;
    }

    /**
     * A rating, 1 to 4; it passes from 3 up.
     *
     * @throws IllegalArgumentException outside 1 to 4
     */
    public static Score rated(int rating, String reason) {
        if (rating < MIN_RATING || rating > MAX_RATING) {
            throw new IllegalArgumentException("a rating is 1 to 4, got " + rating);
        }
        return new Score(rating, rating >= PASSING_RATING, false, reason);
    }

    /** A pass. */
    public static Score pass(String reason) {
        return new Score(null, true, false, reason);
    }

    /** A failure. */
    public static Score fail(String reason) {
        return new Score(null, false, false, reason);
    }

    /** Pass or fail. */
    public static Score of(boolean passed, String reason) {
        return new Score(null, passed, false, reason);
    }

    /** No score: the scorer could not decide; counts as a failure. */
    public static Score unscored(String reason) {
        return new Score(null, false, true, Objects.requireNonNull(reason, "reason"));
    }

    /** The rating, when the scorer rates. */
    public Optional<Integer> rating() {
        return Optional.ofNullable(rating);
    }

    /** Whether the response passed (a rating of 3 or 4, or a match); false when unscored. */
    public boolean passed() {
        return passed;
    }

    /** Whether the scorer could not decide. */
    public boolean unscored() {
        return unscored;
    }

    /** Why (the judge's reason, or what matched); may be empty. */
    public String reason() {
        return reason;
    }

    /** The same score with another reason (such as one cleared of secrets). */
    public Score withReason(String reason) {
        return new Score(rating, passed, unscored, reason);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Score s && Objects.equals(rating, s.rating) && passed == s.passed
                && unscored == s.unscored && reason.equals(s.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rating, passed, unscored, reason);
    }

    @Override
    public String toString() {
        return unscored ? "unscored (" + reason + ")"
                : (rating != null ? "rated " + rating : passed ? "pass" : "fail") + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
