package dev.duo.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Traffic lights, metric ids and the plain scorers. */
class MetricsAndScorersTest {

    @ParameterizedTest
    @CsvSource({
        "0.80, 0.8, 0.1, GREEN", "0.95, 0.8, 0.1, GREEN", "0.79, 0.8, 0.1, YELLOW", "0.70, 0.8, 0.1, YELLOW",
        "0.69, 0.8, 0.1, RED", "0.0, 0.8, 0.1, RED", "0.75, 0.8, 0.0, RED",
        "3.2, 3.2, 0.3, GREEN", "2.9, 3.2, 0.3, YELLOW", "2.89, 3.2, 0.3, RED",
    })
    void lights(double value, double threshold, double margin, TrafficLight light) {
        assertThat(TrafficLight.of(value, threshold, margin)).isEqualTo(light);
    }

    @Test
    void aShareComputedInFloatingPointStillMeetsItsThreshold() {
        assertThat(TrafficLight.of(7.0 / 10 + 0.1, 0.8, 0.1)).isEqualTo(TrafficLight.GREEN);
        assertThat(TrafficLight.of(1.0 - 0.3, 0.8, 0.1)).isEqualTo(TrafficLight.YELLOW);
    }

    @Test
    void metricIdsParseAndUnknownOnesAreListed() {
        assertThat(Metric.parse("share_rated_3_or_4")).isEqualTo(Metric.SHARE_RATED_3_OR_4);
        assertThat(Metric.parse("MEAN_RATING")).isEqualTo(Metric.MEAN_RATING);
        assertThat(Metric.parse(" pass_rate ")).isEqualTo(Metric.PASS_RATE);
        assertThatThrownBy(() -> Metric.parse("accuracy")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown metric 'accuracy': use one of share_rated_3_or_4, mean_rating, pass_rate");
        assertThat(Metric.SHARE_RATED_3_OR_4.format(0.8)).isEqualTo("80.0%");
        assertThat(Metric.MEAN_RATING.format(3.256)).isEqualTo("3.26");
    }

    @Test
    void matchers() {
        EvalCase c = EvalCase.of("1", Map.of("input", "undo")).withReference(" git reset --soft HEAD~1\n");
        EvalCase noRef = EvalCase.of("2", Map.of("input", "undo"));
        assertThat(Scorers.exactMatch().score(c, "git reset --soft HEAD~1").passed()).isTrue();
        assertThat(Scorers.exactMatch().score(c, "git reset --hard").passed()).isFalse();
        assertThat(Scorers.exactMatch().score(noRef, "x").unscored()).isTrue();
        assertThat(Scorers.contains().score(c, "Run `git reset --soft HEAD~1` now").passed()).isTrue();
        assertThat(Scorers.contains("--soft").score(noRef, "git reset --soft").passed()).isTrue();
        assertThat(Scorers.regex("reset\\s+--soft").score(noRef, "git reset  --soft").passed()).isTrue();
        assertThat(Scorers.regex("^x$").score(noRef, "y").reason()).isEqualTo("does not match /^x$/");
        Scorer mine = Scorers.rating("length", (k, r) -> Score.rated(r.length() < 10 ? 4 : 1, "len"));
        assertThat(mine.rates()).isTrue();
        assertThat(mine.name()).isEqualTo("length");
        assertThat(mine.score(c, "short").rating()).contains(4);
        Scorer lambda = (k, r) -> Score.pass("ok");
        assertThat(lambda.rates()).isFalse();
        assertThatThrownBy(() -> Score.rated(5, "x")).hasMessage("a rating is 1 to 4, got 5");
    }
}
