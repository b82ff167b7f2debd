package dev.duo.bedrock;

import dev.duo.spi.Attempt;
import dev.duo.model.Timeouts;

import static dev.duo.bedrock.Fixtures.context;
import static dev.duo.bedrock.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.duo.CancelledException;
import dev.duo.DuoException;
import dev.duo.DuoTimeoutException;
import dev.duo.InvalidResponseException;
import dev.duo.ProviderUnavailableException;
import dev.duo.StreamHandle;
import dev.duo.spi.ModelClient;
import dev.duo.testkit.Fault;
import dev.duo.testkit.FaultPlan;
import dev.duo.testkit.FakeBedrockServer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Broken connections, stalls, garbage and cancellation end every call with exactly one error. */
class BedrockFaultsTest {

    private static FakeBedrockServer bedrock;
    private static BedrockProvider provider;
    private static ModelClient client;
    private static ModelClient impatient;
    private static ModelClient idleSensitive;

    @BeforeAll
    static void start() {
        bedrock = FakeBedrockServer.start();
        provider = new BedrockProvider();
        client = provider.createClient(context(bedrock.endpoint(), Fixtures.SIGV4_ENV));
        impatient = provider.createClient(context(bedrock.endpoint(), Fixtures.shortTimeouts(), Fixtures.SIGV4_ENV));
        // Generous deadlines, short idle timeout: only the silence inside the stream can end it.
        idleSensitive = provider.createClient(context(bedrock.endpoint(), new dev.duo.model.Timeouts(Duration.ofSeconds(5),
                Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofMillis(300)), Fixtures.SIGV4_ENV));
    }

    @AfterAll
    static void stop() {
        provider.close();
        bedrock.close();
    }

    @AfterEach
    void reset() {
        bedrock.faultPlan(FaultPlan.none());
        bedrock.chunkSpacing(Duration.ZERO);
    }

    private static void inject(Fault fault) {
        bedrock.faultPlan(FaultPlan.builder().next(fault).build());
    }

    @Test
    void aStalledConverseEndsInATimeout() {
        inject(Fault.stall());
        DuoTimeoutException e = catchThrowableOfType(DuoTimeoutException.class, () -> impatient.complete(request("Hi"), Attempt.of(Timeouts.DEFAULTS)));
        assertThat(e.retryable()).isTrue();
        assertThat(e).hasMessageContaining("Claude Sonnet 4 [Bedrock]");
        assertThat(e.context().provider()).contains("bedrock");
    }

    @Test
    void aStalledStreamEndsInOneTimeout() throws Exception {
        inject(Fault.stall());
        Fixtures.Recorder r = new Fixtures.Recorder();
        impatient.stream(request("Hi"), Attempt.of(Timeouts.DEFAULTS), r);
        r.await();
        assertThat(r.error).isInstanceOf(DuoTimeoutException.class);
        assertThat(r.terminals.get()).isEqualTo(1);
    }

    @Test
    void aStreamThatGoesSilentAfterAChunkEndsInOneTimeout() throws Exception {
        inject(Fault.stallAfterChunks(1));
        Fixtures.Recorder r = new Fixtures.Recorder();
        idleSensitive.stream(request("Hi there"), Attempt.of(Timeouts.DEFAULTS), r);
        r.await();
        assertThat(r.chunks).as(String.valueOf(r.error)).hasSize(1);
        assertThat(r.error).isInstanceOf(DuoTimeoutException.class);
        assertThat(r.terminals.get()).isEqualTo(1);
    }

    @Test
    void aDisconnectMidStreamEndsInOneRetryableError() throws Exception {
        inject(Fault.disconnectAfterChunks(2));
        Fixtures.Recorder r = new Fixtures.Recorder();
        client.stream(request("Tell me a story"), Attempt.of(Timeouts.DEFAULTS), r);
        r.await();
        assertThat(r.chunks).as(String.valueOf(r.error)).hasSize(2);
        assertThat(r.completion).isNull();
        assertThat(r.error).isInstanceOf(DuoException.class);
        assertThat(r.error.retryable()).as(r.error.toString()).isTrue();
        assertThat(r.terminals.get()).isEqualTo(1);
    }

    @Test
    void aResetConnectionIsProviderUnavailable() {
        inject(Fault.reset());
        DuoException e = catchThrowableOfType(DuoException.class, () -> client.complete(request("Hi"), Attempt.of(Timeouts.DEFAULTS)));
        assertThat(e).isInstanceOf(ProviderUnavailableException.class);
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void malformedJsonIsAnInvalidResponse() {
        inject(Fault.malformed());
        InvalidResponseException e = catchThrowableOfType(InvalidResponseException.class, () -> client.complete(request("Hi"), Attempt.of(Timeouts.DEFAULTS)));
        assertThat(e).hasMessageContaining("could not be read");
    }

    @Test
    void aCorruptFrameEndsTheStreamInOneError() throws Exception {
        inject(Fault.malformed());
        Fixtures.Recorder r = new Fixtures.Recorder();
        client.stream(request("Hi"), Attempt.of(Timeouts.DEFAULTS), r);
        r.await();
        assertThat(r.error).isNotNull();
        assertThat(r.completion).isNull();
        assertThat(r.terminals.get()).isEqualTo(1);
    }

    @Test
    void cancellingAStreamDeliversOneCancelledExceptionAndNothingAfter() throws Exception {
        bedrock.chunkSpacing(Duration.ofMillis(50));
        CountDownLatch firstChunk = new CountDownLatch(1);
        Fixtures.Recorder r = new Fixtures.Recorder() {
            @Override
            public void onChunk(String text) {
                super.onChunk(text);
                firstChunk.countDown();
            }
        };
        StreamHandle handle = client.stream(request("a long answer with many many words in it"), Attempt.of(Timeouts.DEFAULTS), r);
        assertThat(firstChunk.await(10, TimeUnit.SECONDS)).isTrue();
        handle.cancel();
        handle.cancel();
        r.await();
        assertThat(r.error).isInstanceOf(CancelledException.class);
        assertThat(r.error.retryable()).isFalse();
        assertThat(handle.isDone()).isTrue();
        int seen = r.chunks.size();
        Thread.sleep(200); // several chunk intervals: nothing may arrive after the terminal signal
        assertThat(r.chunks).hasSize(seen);
        assertThat(r.terminals.get()).isEqualTo(1);
        assertThat(r.completion).isNull();
    }

    @Test
    void aListenerThatThrowsStopsTheStreamWithOneError() throws Exception {
        Fixtures.Recorder r = new Fixtures.Recorder() {
            @Override
            public void onChunk(String text) {
                super.onChunk(text);
                throw new IllegalStateException("listener bug");
            }
        };
        client.stream(request("one two three four"), Attempt.of(Timeouts.DEFAULTS), r);
        r.await();
        assertThat(r.chunks).hasSize(1);
        assertThat(r.completion).isNull();
        assertThat(r.error).hasMessageContaining("the stream listener threw IllegalStateException")
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(r.error.retryable()).isFalse();
        assertThat(r.terminals.get()).isEqualTo(1);
    }
}
