package dev.duo.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.Completion;
import dev.duo.DuoClient;
import dev.duo.DuoException;
import dev.duo.Message;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.config.DuoConfig;
import dev.duo.feature.FeatureSetting;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.model.Timeouts;
import dev.duo.BlockingStream;
import dev.duo.call.RetryPolicy;
import dev.duo.spi.Attempt;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An {@link Error} from a model client (a test double's {@code AssertionError}) reaches the caller at
 * once, whichever thread ran the attempt, instead of dying with a worker and leaving the call to its
 * deadline.
 */
class ModelClientErrorTest {

    private static final Timeouts TIMEOUTS = Timeouts.DEFAULTS;

    private final AtomicInteger calls = new AtomicInteger();

    private final ModelClient failing = new ModelClient() {
        @Override
        public Completion complete(ModelRequest request, Attempt attempt) {
            calls.incrementAndGet();
            throw new AssertionError("no answer scripted for " + request.feature().orElse("?"));
        }

        @Override
        public CompletableFuture<Completion> completeAsync(ModelRequest request, Attempt attempt) {
            calls.incrementAndGet();
            throw new AssertionError("no async answer scripted for " + request.feature().orElse("?"));
        }

        @Override
        public StreamHandle stream(ModelRequest request, Attempt attempt, StreamListener listener) {
            calls.incrementAndGet();
            throw new AssertionError("no stream scripted for " + request.feature().orElse("?"));
        }

        @Override
        public void close() {
        }
    };

    private DuoClient client(Duration attemptTimeout) {
        SelfHostedModel model = SelfHostedModel.builder().name("m").family(ModelFamily.CLAUDE_3)
                .identifier("custom_openai/m").endpoint(URI.create("http://127.0.0.1:1/v1"))
                .timeouts(TIMEOUTS.withAttempt(attemptTimeout).withTotal(Duration.ofMinutes(1)))
                .build();
        DuoConfig config = DuoConfig.builder().model(model).betaModelsEnabled(true)
                .feature("code_generations", FeatureSetting.selfHosted("m"))
                .feature("duo_chat", FeatureSetting.selfHosted("m")).build();
        return DuoClient.builder().config(config).environment(Map.of()).modelClient(failing)
                .retryPolicy(RetryPolicy.DEFAULTS).build();
    }

    @Test
    void aBlockingCallRethrowsTheErrorOnTheCallersThreadAndOnAWorker() {
        // whatever the attempt's timeout, against the call's deadline
        for (Duration attempt : List.of(Duration.ofSeconds(5), Duration.ofMinutes(5))) {
            calls.set(0);
            long start = System.nanoTime();
            try (DuoClient duo = client(attempt)) {
                assertThatThrownBy(() -> duo.feature("code_generation").generate(Map.of("user_instruction", "x")))
                        .isExactlyInstanceOf(AssertionError.class).hasMessage("no answer scripted for code_generations");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not at the deadline").isLessThan(Duration.ofSeconds(30));
            assertThat(calls).as("an error is not retried").hasValue(1);
        }
    }

    @Test
    void anAsyncCallFailsWithTheSdksExceptionCarryingTheError() {
        try (DuoClient duo = client(Duration.ofSeconds(5))) {
            CompletableFuture<Completion> f = duo.feature("code_generation").generateAsync(Map.of("user_instruction", "x"));
            assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(DuoException.class)
                    .hasMessageStartingWith("the model client failed with java.lang.AssertionError: no async answer scripted")
                    .cause().isExactlyInstanceOf(AssertionError.class);
        }
        assertThat(calls).as("an error is not retried").hasValue(1);
    }

    @Test
    void aStreamEndsWithTheSdksExceptionCarryingTheError() {
        try (DuoClient duo = client(Duration.ofSeconds(5));
             BlockingStream s = duo.feature("duo_chat").streamBlocking(Map.of("messages", List.of(Message.user("hi"))))) {
            assertThatThrownBy(s::hasNext).isInstanceOf(DuoException.class)
                    .hasMessageStartingWith("the model client failed with java.lang.AssertionError: no stream scripted for duo_chat")
                    .cause().isExactlyInstanceOf(AssertionError.class);
        }
        assertThat(calls).hasValue(1);
    }
}
