package dev.duo.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JitQuietTest {

    @Test
    void anEmptyQueueWithNothingRunningIsIdle() {
        assertThat(Rounds.idle("Current compiles: \n\nC1 compile queue:\nEmpty\n\nC2 compile queue:\nEmpty\n\n")).isTrue();
    }

    @Test
    void aCompileRunningOrWaitingIsNotIdle() {
        assertThat(Rounds.idle("Current compiles: \nC2 CompilerThread0  1146   !   4       a.B::c (497 bytes)\n\n"
                + "C1 compile queue:\nEmpty\n\nC2 compile queue:\nEmpty\n")).isFalse();
        assertThat(Rounds.idle("Current compiles: \n\nC1 compile queue:\nEmpty\n\nC2 compile queue:\n"
                + "1136       4       a.B::d (30 bytes)\n")).isFalse();
    }
}
