package dev.duo.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.CancelledException;
import dev.duo.model.Timeouts;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An attempt is over once cancelled or ended; only a cancel runs its hooks. */
class AttemptTest {

    @Test
    void cancelRunsTheHooksOnceWithTheFirstReason() {
        Attempt a = Attempt.of(Timeouts.DEFAULTS);
        AtomicInteger runs = new AtomicInteger();
        a.onCancel(runs::incrementAndGet);
        CancelledException first = new CancelledException("first");
        assertThat(a.cancel(first)).isTrue();
        assertThat(a.cancel(new CancelledException("second"))).isFalse();
        assertThat(runs).hasValue(1);
        assertThat(a.isCancelled()).isTrue();
        assertThat(a.cancelReason()).containsSame(first);
    }

    @Test
    void endDropsTheHooksWithoutRunningThem() {
        Attempt a = Attempt.of(Timeouts.DEFAULTS);
        AtomicInteger runs = new AtomicInteger();
        a.onCancel(runs::incrementAndGet);
        assertThat(a.end()).isTrue();
        assertThat(runs).as("a hook aborts an HTTP call; an ended attempt has nothing to abort").hasValue(0);
        assertThat(a.isCancelled()).as("over").isTrue();
        assertThat(a.cancelReason()).isEmpty();
        assertThat(a.end()).isFalse();
        assertThat(a.cancel(new CancelledException("late"))).as("a late cancel does nothing").isFalse();
        assertThat(runs).hasValue(0);
        a.onCancel(runs::incrementAndGet);
        assertThat(runs).as("a hook registered after the end runs at once, as after a cancel").hasValue(1);
    }

    @Test
    void endAfterACancelDoesNothing() {
        Attempt a = Attempt.of(Timeouts.DEFAULTS);
        a.cancel(new CancelledException("stop"));
        assertThat(a.end()).isFalse();
        assertThat(a.cancelReason()).isPresent();
    }
}
