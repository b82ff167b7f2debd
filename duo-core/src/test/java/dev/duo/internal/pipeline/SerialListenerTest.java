package dev.duo.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.StreamListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class SerialListenerTest {

    @RepeatedTest(20)
    void racingSignalsGiveOneTerminalAndNeverOverlap() throws Exception {
        AtomicInteger terminals = new AtomicInteger();
        AtomicBoolean inside = new AtomicBoolean();
        AtomicBoolean overlapped = new AtomicBoolean();
        AtomicBoolean chunkAfterEnd = new AtomicBoolean();
        SerialListener s = new SerialListener(new StreamListener() {
            @Override
            public void onChunk(String text) {
                enter();
                if (terminals.get() > 0) chunkAfterEnd.set(true);
                inside.set(false);
            }

            @Override
            public void onComplete(Completion completion) {
                enter();
                terminals.incrementAndGet();
                inside.set(false);
            }

            @Override
            public void onError(DuoException error) {
                enter();
                terminals.incrementAndGet();
                inside.set(false);
            }

            private void enter() {
                if (!inside.compareAndSet(false, true)) overlapped.set(true);
            }
        });
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new CopyOnWriteArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 200; i++) {
                    s.onChunk("c" + i);
                }
                if (id % 2 == 0) s.onComplete(Completion.builder().text("x").build());
                else s.onError(new DuoException("e" + id));
            });
            threads.add(th);
            th.start();
        }
        go.countDown();
        for (Thread th : threads) th.join();

        assertThat(terminals.get()).isEqualTo(1);
        assertThat(overlapped.get()).isFalse();
        assertThat(chunkAfterEnd.get()).isFalse();
        assertThat(s.delivered()).isTrue();
    }

    @Test
    void aSignalFromInsideTheListenerWaitsForTheCurrentOneToReturn() {
        List<String> log = new CopyOnWriteArrayList<>();
        SerialListener[] self = new SerialListener[1];
        self[0] = new SerialListener(new StreamListener() {
            @Override
            public void onChunk(String text) {
                log.add("chunk-start");
                self[0].tryError(new DuoException("cancelled inside"));
                log.add("chunk-end");
            }

            @Override
            public void onComplete(Completion completion) {
                log.add("complete");
            }

            @Override
            public void onError(DuoException error) {
                log.add("error");
            }
        });
        self[0].onChunk("a");
        self[0].onComplete(Completion.builder().text("late").build());
        assertThat(log).containsExactly("chunk-start", "chunk-end", "error");
    }
}
