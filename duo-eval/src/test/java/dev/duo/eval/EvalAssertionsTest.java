package dev.duo.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The JUnit assertions name every result that missed and where the report is. */
class EvalAssertionsTest {

    static EvalResult result(String model, double value, List<String> unscored) {
        return new EvalResult("duo_chat", "General Chat", model, "llm_judge (J)", Metric.SHARE_RATED_3_OR_4, value, 0.8,
                0.1, TrafficLight.of(value, 0.8, 0.1), 10, Math.round(value * 10), List.of(0L, 0L, 0L, 0L), unscored,
                List.of(), List.of(), Path.of("j.jsonl"));
    }

    @Test
    void greenPassesAndEachMissIsNamed() {
        EvalReport green = new EvalReport(List.of(result("A", 0.9, List.of())));
        assertThatCode(() -> EvalAssertions.assertGreen(green)).doesNotThrowAnyException();

        EvalReport mixed = new EvalReport(List.of(result("A", 0.9, List.of()), result("B", 0.75, List.of("c3")),
                result("C", 0.2, List.of("c1", "c2"))));
        assertThat(mixed.light()).isEqualTo(TrafficLight.RED);
        assertThatThrownBy(() -> EvalAssertions.assertGreen(mixed)).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("expected the evaluation to be green, but it is red")
                .hasMessageContaining("duo_chat on B: share_rated_3_or_4 75.0%")
                .hasMessageContaining("duo_chat on C: share_rated_3_or_4 20.0%")
                .hasMessageContaining("unscored: [c1, c2]")
                .hasMessageNotContaining("on A:")
                .hasMessageContaining("report: none written (set Evaluation.Builder.report(path))");
        assertThatThrownBy(() -> EvalAssertions.assertAtLeastYellow(mixed))
                .hasMessageContaining("on C:").hasMessageNotContaining("on B:");
    }
}
