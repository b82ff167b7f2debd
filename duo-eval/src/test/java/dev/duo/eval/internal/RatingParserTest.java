package dev.duo.eval.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.eval.Score;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The judge's answer is read robustly, and never guessed. */
class RatingParserTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Rating: 4\\nReason: correct and complete|4|correct and complete",
        "rating: 3\\nreason: fine|3|fine",
        "**Rating:** 2\\n**Reason:** misses the edge case|2|misses the edge case",
        "Rating = [1]\\nReason: off-topic|1|off-topic",
        "Rating: 3/4\\nReason: good|3|good",
        "Rating: 3 out of 4. Reason: good|3|good",
        "Here is my verdict.\\n\\nRating: 4\\nReason: right.\\nRating: 4|4|right.",
        "Reason: it handles empty lines.\\nRating: 3|3|it handles empty lines.",
        "Rating: 4|4|''",
    })
    void readsARating(String answer, int rating, String reason) {
        Score s = RatingParser.parse(answer.replace("\\n", "\n"));
        assertThat(s.unscored()).as(s.toString()).isFalse();
        assertThat(s.rating()).contains(rating);
        assertThat(s.reason()).isEqualTo(reason);
        assertThat(s.passed()).isEqualTo(rating >= 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "   ", "I think this is a good answer.", "4", "The answer deserves a 4.",
        "Rating: five\nReason: great",
        "Reason: no rating here",
    })
    void noRatingIsUnscored(String answer) {
        Score s = RatingParser.parse(answer);
        assertThat(s.unscored()).isTrue();
        assertThat(s.rating()).isEmpty();
        assertThat(s.reason()).contains("no 'Rating: N' line");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Rating: 5\\nReason: superb|invalid rating 5",
        "Rating: 0|invalid rating 0",
        "Rating: 8/10|invalid rating 8/10",
        "Rating: 3.5|invalid rating 3.5",
        "Rating: -1|invalid rating -1",
        "Rating: 2\\nReason: weak. On reflection, Rating: 4|conflicting ratings [2, 4]",
        "Rating: 3\\nRating: 1|conflicting ratings [3, 1]",
    })
    void invalidOrConflictingRatingsAreUnscored(String answer, String why) {
        Score s = RatingParser.parse(answer.replace("\\n", "\n"));
        assertThat(s.unscored()).isTrue();
        assertThat(s.passed()).isFalse();
        assertThat(s.reason()).contains(why);
    }

    @ParameterizedTest
    @ValueSource(ints = {5000})
    void aLongAnswerIsQuotedShort(int length) {
        Score s = RatingParser.parse("x".repeat(length));
        assertThat(s.reason().length()).isLessThan(300);
    }
}
