package dev.duo.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A thread count says what the threads were: grouped by name without numbers, largest groups first. */
class ThreadCensusTest {

    @Test
    void groupsThreadsByNameWithoutNumbersLargestFirst() {
        ThreadCensus c = ThreadCensus.of(List.of("OkHttp TaskRunner", "ForkJoinPool-1-worker-2", "OkHttp TaskRunner",
                "ForkJoinPool-1-worker-10", "main", "OkHttp TaskRunner"));

        assertThat(c.total()).isEqualTo(6);
        assertThat(c.byName()).containsExactly(Map.entry("OkHttp TaskRunner", 3), Map.entry("ForkJoinPool-#-worker-#", 2),
                Map.entry("main", 1));
        assertThat(c.line()).isEqualTo("OkHttp TaskRunner=3;ForkJoinPool-#-worker-#=2;main=1");
        assertThat(ThreadCensus.parse(c.line())).isEqualTo(c.byName());
        assertThat(ThreadCensus.summary(c.byName(), 2)).isEqualTo("OkHttp TaskRunner x3, ForkJoinPool-#-worker-# x2, 1 others");
    }

    @Test
    void aNameWithTheSeparatorsStillParses() {
        ThreadCensus c = ThreadCensus.of(List.of("a=b;c 1"));

        assertThat(ThreadCensus.parse(c.line())).containsExactly(Map.entry("a:b,c #", 1));
        assertThat(ThreadCensus.parse(null)).isEmpty();
    }

    @Test
    void countsThisJvmsLiveThreadsIncludingOneStartedHere() throws InterruptedException {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "census-probe-42");
        t.start();
        try {
            ThreadCensus c = ThreadCensus.take();
            assertThat(c.byName()).containsEntry("census-probe-#", 1).containsKey("main");
            assertThat(c.total()).isEqualTo(c.byName().values().stream().mapToInt(Integer::intValue).sum());
        } finally {
            release.countDown();
            t.join();
        }
    }
}
