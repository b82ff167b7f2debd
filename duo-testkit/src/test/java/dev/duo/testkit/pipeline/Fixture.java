package dev.duo.testkit.pipeline;

import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.Message;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.internal.call.CallRuntime;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.model.Timeouts;
import dev.duo.call.CallContext;
import dev.duo.call.CallEvent;
import dev.duo.call.CallListener;
import dev.duo.call.RetryPolicy;
import dev.duo.spi.ModelRequest;
import dev.duo.testkit.FakeModelClient;
import dev.duo.testkit.FaultPlan;
import dev.duo.testkit.internal.fake.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A pipeline on virtual time, calling a fake on the same virtual time, with recording listeners. */
final class Fixture {

    static final SelfHostedModel MODEL = SelfHostedModel.builder()
            .name("Mixtral 8x22b [Fireworks AI]")
            .family(ModelFamily.MIXTRAL)
            .identifier("fireworks_ai/accounts/fireworks/models/mixtral-8x22b-instruct")
            .timeouts(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(25),
                    Duration.ofSeconds(4)))
            .build();

    static final ModelRequest REQUEST = ModelRequest.builder()
            .messages(List.of(Message.system("Be terse."), Message.user("Write fizzbuzz")))
            .feature("code_generations")
            .build();

    final VirtualTime vt = new VirtualTime();
    final Instant start = vt.now();
    final FakeModelClient fake;
    final CallRuntime pipeline;
    final Events events = new Events();

    Fixture(FaultPlan plan) {
        this(plan, RetryPolicy.DEFAULTS, b -> { });
    }

    Fixture(FaultPlan plan, RetryPolicy policy, Consumer<CallRuntime.Builder> extra) {
        fake = FakeModelClient.builder().defaultAnswer(FakeModelClient.Answer.text("ok")).faultPlan(plan).executor(vt.executor()).sleeper(vt::sleep)
                .provider("fireworks_ai").model(MODEL.name()).build();
        CallRuntime.Builder b = CallRuntime.builder().clock(vt.clock()).scheduler(vt.scheduler())
                .retryPolicy(policy).listeners(List.of(events));
        extra.accept(b);
        pipeline = b.build();
    }

    static CallContext.Builder ctx() {
        return CallContext.builder(MODEL).feature("code_generations").prompt("code_suggestions/generations/base/2.0.3");
    }

    Duration elapsed() {
        return Duration.between(start, vt.now());
    }

    CompletableFuture<Completion> async(CallContext ctx, ModelRequest request) {
        CompletableFuture<Completion> f = pipeline.executeAsync(ctx, fake, request);
        if (!vt.runUntil(f::isDone)) {
            throw new AssertionError("the call hung: nothing left to run at " + elapsed());
        }
        return f;
    }

    Recorder stream(CallContext ctx, ModelRequest request) {
        Recorder r = new Recorder();
        r.handle = pipeline.stream(ctx, fake, request, r);
        return r;
    }

    Recorder streamToEnd(CallContext ctx, ModelRequest request) {
        Recorder r = stream(ctx, request);
        if (!vt.runUntil(() -> r.terminals() > 0)) {
            throw new AssertionError("the stream hung: nothing left to run at " + elapsed());
        }
        vt.runAll();
        return r;
    }

    DuoException failure(CompletableFuture<Completion> f) {
        try {
            f.join();
        } catch (java.util.concurrent.CompletionException e) {
            return (DuoException) e.getCause();
        }
        throw new AssertionError("the call succeeded: " + f.join());
    }

    /** Records what a stream delivers, with the virtual time of its terminal signal. */
    class Recorder implements StreamListener {
        final List<String> chunks = new CopyOnWriteArrayList<>();
        final List<Object> terminalSignals = new CopyOnWriteArrayList<>();
        volatile Instant endedAt;
        volatile boolean overlapped;
        private volatile boolean inside;
        StreamHandle handle;

        @Override
        public void onChunk(String text) {
            enter();
            if (!terminalSignals.isEmpty()) {
                throw new AssertionError("chunk after the terminal signal: " + text);
            }
            chunks.add(text);
            inside = false;
        }

        @Override
        public void onComplete(Completion completion) {
            enter();
            terminalSignals.add(completion);
            endedAt = vt.now();
            inside = false;
        }

        @Override
        public void onError(DuoException error) {
            enter();
            terminalSignals.add(error);
            endedAt = vt.now();
            inside = false;
        }

        private void enter() {
            if (inside) {
                overlapped = true;
            }
            inside = true;
        }

        int terminals() {
            return terminalSignals.size();
        }

        Object terminal() {
            return terminalSignals.get(0);
        }

        String text() {
            return String.join("", chunks);
        }
    }

    /** Records call listener events. */
    static final class Events implements CallListener {
        final List<String> kinds = new CopyOnWriteArrayList<>();
        final List<CallEvent> all = new CopyOnWriteArrayList<>();

        @Override
        public void onRequest(CallEvent e) {
            add("request", e);
        }

        @Override
        public void onFirstToken(CallEvent e) {
            add("first_token", e);
        }

        @Override
        public void onRetry(CallEvent e) {
            add("retry", e);
        }

        @Override
        public void onResponse(CallEvent e) {
            add("response", e);
        }

        @Override
        public void onError(CallEvent e) {
            add("error", e);
        }

        private void add(String kind, CallEvent e) {
            kinds.add(kind);
            all.add(e);
        }

        CallEvent last(String kind) {
            List<CallEvent> found = new ArrayList<>();
            for (int i = 0; i < kinds.size(); i++) {
                if (kinds.get(i).equals(kind)) {
                    found.add(all.get(i));
                }
            }
            return found.get(found.size() - 1);
        }
    }
}
