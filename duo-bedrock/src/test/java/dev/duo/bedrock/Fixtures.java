package dev.duo.bedrock;

import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.Message;
import dev.duo.ModelParams;
import dev.duo.StreamListener;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.model.Timeouts;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.ProviderContext;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Shared test data: fake credentials, models pointed at a fake server, a recording listener. */
final class Fixtures {

    static final String ACCESS_KEY = "AKIAFAKEFAKEFAKE1234";
    static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY9";
    static final String SESSION_TOKEN = "FwoGZXIvYXdzEFAKESESSIONTOKENvalue0123456789";
    static final String BEARER = "ABSKQmVkcm9ja0FQSUtleS1mYWtlLWJlYXJlci10b2tlbg==";
    static final String MODEL_ID = "us.anthropic.claude-sonnet-4-20250514-v1:0";

    static final Map<String, String> SIGV4_ENV = Map.of(
            "AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY, "AWS_SESSION_TOKEN", SESSION_TOKEN);

    private Fixtures() {
    }

    static SelfHostedModel model(URI endpoint, Timeouts timeouts) {
        return SelfHostedModel.builder().name("Claude Sonnet 4 [Bedrock]").family(ModelFamily.CLAUDE_3)
                .identifier("bedrock/" + MODEL_ID).endpoint(endpoint).region("us-west-2").timeouts(timeouts).build();
    }

    static ProviderContext context(URI endpoint, Map<String, String> env) {
        return ProviderContext.builder(model(endpoint, Timeouts.DEFAULTS)).environment(env).build();
    }

    static ProviderContext context(URI endpoint, Timeouts timeouts, Map<String, String> env) {
        return ProviderContext.builder(model(endpoint, timeouts)).environment(env).build();
    }

    static Timeouts shortTimeouts() {
        return new Timeouts(Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(300));
    }

    static ModelRequest request(String question) {
        return ModelRequest.builder().messages(List.of(Message.system("Be terse."), Message.user(question))).build();
    }

    static ModelRequest request(String question, ModelParams params) {
        return request(question).toBuilder().params(params).build();
    }

    /** Records what a stream delivers and counts terminal signals. */
    static class Recorder implements StreamListener {
        final List<String> chunks = new CopyOnWriteArrayList<>();
        final AtomicInteger terminals = new AtomicInteger();
        final CountDownLatch done = new CountDownLatch(1);
        volatile Completion completion;
        volatile DuoException error;

        @Override
        public void onChunk(String text) {
            chunks.add(text);
        }

        @Override
        public void onComplete(Completion c) {
            completion = c;
            terminals.incrementAndGet();
            done.countDown();
        }

        @Override
        public void onError(DuoException e) {
            error = e;
            terminals.incrementAndGet();
            done.countDown();
        }

        Recorder await() throws InterruptedException {
            if (!done.await(20, TimeUnit.SECONDS)) {
                throw new AssertionError("the stream never ended");
            }
            return this;
        }
    }
}
