package dev.duo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.feature.Feature;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@link FeatureClient#generate(Map, java.util.function.Consumer)} as any feature client inherits it
 * (a user's decorator): built on {@code stream}, it hands the chunks on, waits, and ends as
 * {@code generate} does.
 */
class FeatureClientWaitedStreamTest {

    /** A feature client whose stream sends its words from a thread of its own, or fails after them. */
    private static final class ThreadedStreams implements FeatureClient {
        private final List<String> words;
        private final DuoException failure;
        final AtomicBoolean cancelled = new AtomicBoolean();

        ThreadedStreams(List<String> words, DuoException failure) {
            this.words = words;
            this.failure = failure;
        }

        @Override
        public StreamHandle stream(Map<String, ?> inputs, StreamListener listener) {
            Thread t = new Thread(() -> {
                for (String w : words) {
                    if (cancelled.get()) {
                        listener.onError(new CancelledException("the call was cancelled"));
                        return;
                    }
                    listener.onChunk(w);
                }
                if (failure != null) {
                    listener.onError(failure);
                } else {
                    listener.onComplete(Completion.builder().text(String.join("", words)).build());
                }
            });
            t.start();
            return new StreamHandle() {
                @Override
                public void cancel() {
                    cancelled.set(true);
                }

                @Override
                public boolean isDone() {
                    return !t.isAlive();
                }
            };
        }

        @Override
        public Feature feature() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Completion generate(Map<String, ?> inputs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Completion generate(Map<String, ?> inputs, ModelParams overrides) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Completion> generateAsync(Map<String, ?> inputs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public BlockingStream streamBlocking(Map<String, ?> inputs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Completion chat(List<Message> conversation) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void theChunksArriveInOrderAndTheWholeAnswerIsReturned() {
        List<String> got = new CopyOnWriteArrayList<>();
        Completion c = new ThreadedStreams(List.of("one ", "two"), null).generate(Map.of(), got::add);

        assertThat(got).containsExactly("one ", "two");
        assertThat(c.text()).isEqualTo("one two");
    }

    @Test
    void theStreamsErrorIsThrownAsItWas() {
        DuoException dropped = new ProviderUnavailableException("the connection dropped mid-answer");
        assertThatThrownBy(() -> new ThreadedStreams(List.of("one "), dropped).generate(Map.of(), t -> { }))
                .isSameAs(dropped);
    }

    @Test
    void anExceptionFromOnChunkCancelsTheStreamAndIsRethrownAsItWas() {
        ThreadedStreams client = new ThreadedStreams(List.of("one ", "two ", "three"), null);
        IllegalStateException gone = new IllegalStateException("the browser went away");
        List<String> got = new CopyOnWriteArrayList<>();

        assertThatThrownBy(() -> client.generate(Map.of(), t -> {
            got.add(t);
            throw gone;
        })).isSameAs(gone);
        assertThat(got).containsExactly("one ");
        assertThat(client.cancelled).isTrue();
    }

    @Test
    void anErrorFromOnChunkIsRethrownAsItWas() {
        AssertionError failed = new AssertionError("expected another chunk");
        ThreadedStreams client = new ThreadedStreams(List.of("one ", "two"), null);

        assertThatThrownBy(() -> client.generate(Map.of(), t -> {
            throw failed;
        })).isSameAs(failed);
        assertThat(client.cancelled).isTrue();
    }

    @Test
    void aNullOnChunkIsRefusedByName() {
        assertThatThrownBy(() -> new ThreadedStreams(List.of(), null).generate(Map.of(), (java.util.function.Consumer<String>) null))
                .isInstanceOf(NullPointerException.class).hasMessage("onChunk");
    }
}
