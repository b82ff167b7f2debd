package dev.duo.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.Completion;
import dev.duo.DuoTimeoutException;
import dev.duo.Message;
import dev.duo.ProviderUnavailableException;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.pipeline.CallContext;
import dev.duo.pipeline.RetryPolicy;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Blocking calls run their attempts on the caller's thread: no hand-off, deadlines still enforced by interrupt. */
class CallerRunsTest {

    private static final SelfHostedModel MODEL = SelfHostedModel.builder().name("m").family(ModelFamily.MISTRAL)
            .identifier("custom_openai/m").endpoint(URI.create("http://127.0.0.1:1/v1")).build();
    private static final ModelRequest REQUEST = ModelRequest.builder().messages(List.of(Message.user("hi"))).build();
    private static final RetryPolicy QUICK_RETRY = new RetryPolicy(3, Duration.ofMillis(1), 1.0, 0.0, Duration.ofMillis(1));

    /** Records the threads that ran its attempts; fails the first {@code failures} with a 503-like error. */
    private static final class Recording implements ModelClient {
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        final List<ModelRequest> requests = new CopyOnWriteArrayList<>();
        final AtomicInteger failures;
        final boolean stall;

        Recording(int failures, boolean stall) {
            this.failures = new AtomicInteger(failures);
            this.stall = stall;
        }

        @Override
        public Completion complete(ModelRequest request) {
            threads.add(Thread.currentThread());
            requests.add(request);
            if (failures.getAndDecrement() > 0) {
                throw new ProviderUnavailableException("overloaded");
            }
            if (stall) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new dev.duo.CancelledException("interrupted");
                }
            }
            return Completion.builder().text("ok").build();
        }

        @Override
        public StreamHandle stream(ModelRequest request, StreamListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void executeRunsEveryAttemptOnTheCallersThreadRetriesIncluded() {
        Recording client = new Recording(2, false);
        CallPipeline pipeline = CallPipeline.builder().retryPolicy(QUICK_RETRY).build();

        Completion c = pipeline.execute(CallContext.builder(MODEL).build(), client, REQUEST);

        assertThat(c.text()).isEqualTo("ok");
        assertThat(client.threads).hasSize(3).containsOnly(Thread.currentThread());
    }

    @Test
    void executeAsyncStillRunsOnWorkerThreads() {
        Recording client = new Recording(0, false);
        CallPipeline pipeline = CallPipeline.builder().build();

        assertThat(pipeline.executeAsync(CallContext.builder(MODEL).build(), client, REQUEST).join().text()).isEqualTo("ok");
        assertThat(client.threads).hasSize(1).doesNotContain(Thread.currentThread());
    }

    @Test
    void aStalledAttemptOnTheCallersThreadIsInterruptedAtTheDeadlineAndTheInterruptDoesNotLeak() {
        Recording client = new Recording(0, true);
        CallPipeline pipeline = CallPipeline.builder().retryPolicy(RetryPolicy.NONE).build();

        // the attempt timeout fits in the deadline, so the attempt runs here and is interrupted at the deadline
        assertThatThrownBy(() -> pipeline.execute(CallContext.builder(MODEL).attemptTimeout(Duration.ofMillis(200))
                .totalTimeout(Duration.ofMillis(200)).build(), client, REQUEST))
                .isInstanceOf(DuoTimeoutException.class).hasMessageContaining("200 ms");
        assertThat(client.threads).containsExactly(Thread.currentThread());
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void anAttemptThatCouldOutliveTheDeadlineRunsOnAWorkerSoTheCallerLeavesOnTime() throws Exception {
        // like OkHttp and the AWS SDK: an interrupt does not stop it, only its own (5 s) attempt timeout would
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<Thread> threads = new CopyOnWriteArrayList<>();
        ModelClient deaf = new ModelClient() {
            @Override
            public Completion complete(ModelRequest request) {
                threads.add(Thread.currentThread());
                boolean interrupted = false;
                while (true) {
                    try {
                        if (release.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
                            break;
                        }
                    } catch (InterruptedException ignored) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return Completion.builder().text("too late").build();
            }

            @Override
            public StreamHandle stream(ModelRequest request, StreamListener listener) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
            }
        };
        CallPipeline pipeline = CallPipeline.builder().retryPolicy(RetryPolicy.NONE).build();
        try {
            assertThatThrownBy(() -> pipeline.execute(CallContext.builder(MODEL).attemptTimeout(Duration.ofSeconds(5))
                    .totalTimeout(Duration.ofMillis(200)).build(), deaf, REQUEST))
                    .isInstanceOf(DuoTimeoutException.class);
            // the caller is back (within the deadline plus scheduling) while the attempt is still stuck
            assertThat(release.getCount()).isEqualTo(1);
            assertThat(threads).hasSize(1).doesNotContain(Thread.currentThread());
        } finally {
            release.countDown();
        }
    }

    @Test
    void theClientGetsTheRequestUnchanged() {
        Recording client = new Recording(0, false);
        CallPipeline pipeline = CallPipeline.builder().build();

        // a deadline shorter than the attempt timeout changes nothing in the request (recordings match it)
        pipeline.execute(CallContext.builder(MODEL).attemptTimeout(Duration.ofSeconds(30)).totalTimeout(Duration.ofSeconds(5))
                .build(), client, REQUEST);

        assertThat(client.requests).containsExactly(REQUEST);
    }
}
