package dev.duo.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RoundsTest {

    private final List<String> order = new ArrayList<>();

    private Map<String, Supplier<String>> clients(String... names) {
        Map<String, Supplier<String>> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n, () -> {
                order.add(n);
                return n;
            });
        }
        return m;
    }

    /** The clients' turns in the order they came, as "name x calls". */
    private List<String> turns() {
        List<String> t = new ArrayList<>();
        for (int i = 0; i < order.size(); ) {
            int j = i;
            while (j < order.size() && order.get(j).equals(order.get(i))) {
                j++;
            }
            t.add(order.get(i) + " x" + (j - i));
            i = j;
        }
        return t;
    }

    @Test
    void inTurnsOfABlockTheClientsAlternateAndTheFirstRotatesFromTurnToTurn() {
        Rounds.Result r = Rounds.timed(clients("a", "b"), 2, 25, 10);

        // a round of 25 calls each: turns of 10, 10 and the 5 left, who goes first rotating from turn
        // to turn and round to round. Round 0: a10 b10, b10 a10, a5 b5; round 1: b10 a10, a10 b10, b5 a5
        // (a client's back-to-back turns show as one run).
        assertThat(turns()).containsExactly("a x10", "b x20", "a x15", "b x15", "a x20", "b x15", "a x5");
        assertThat(order.stream().filter("a"::equals).count()).isEqualTo(50);
        assertThat(r.microsPerRound().get("a")).hasSize(2);
        assertThat(r.callsPerRound()).isEqualTo(25);
    }

    @Test
    void aBlockOfAWholeRoundTimesEachClientsCallsBackToBack() {
        Rounds.timed(clients("a", "b", "c"), 2, 3, 3);

        assertThat(turns()).containsExactly("a x3", "b x3", "c x3", "b x3", "c x3", "a x3");
    }
}
