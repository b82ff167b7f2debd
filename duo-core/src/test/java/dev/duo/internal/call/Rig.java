package dev.duo.internal.call;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.Message;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.model.Timeouts;
import dev.duo.call.CallContext;
import dev.duo.call.CallEvent;
import dev.duo.call.CallInterceptor;
import dev.duo.call.CallListener;
import dev.duo.call.RetryPolicy;
import dev.duo.spi.ModelRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * A {@link CallRuntime} on virtual time (its production path: nothing is switched off for tests),
 * a {@link ScriptedClient}, recorded listener events and the runtime's own log lines.
 * attempt 10 s, total 25 s, idle 4 s; retries 3 x from 500 ms, jitter 0.5.
 */
final class Rig implements AutoCloseable {

    static final SelfHostedModel MODEL = SelfHostedModel.builder()
            .name("Mixtral [core]").family(ModelFamily.MIXTRAL)
            .identifier("fireworks_ai/accounts/fireworks/models/mixtral-8x22b-instruct")
            .timeouts(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(25), Duration.ofSeconds(4)))
            .build();
    static final ModelRequest REQUEST = ModelRequest.builder()
            .messages(List.of(Message.system("Be terse."), Message.user("Write fizzbuzz"))).feature("code_generations").build();

    final VirtualTime vt = new VirtualTime();
    final ScriptedClient client;
    final Events events = new Events();
    final CallRuntime runtime;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger duo = (Logger) LoggerFactory.getLogger("dev.duo");

    Rig(ScriptedClient.Step... steps) {
        this(RetryPolicy.DEFAULTS, List.of(), steps);
    }

    Rig(RetryPolicy policy, List<CallInterceptor> interceptors, ScriptedClient.Step... steps) {
        client = new ScriptedClient(vt, "one two three", steps);
        runtime = CallRuntime.builder().clock(vt.clock()).scheduler(vt.scheduler()).retryPolicy(policy)
                .listeners(List.of(events)).interceptors(interceptors).build();
        logs.start();
        duo.addAppender(logs);
        duo.setLevel(Level.DEBUG);
    }

    static CallContext.Builder ctx() {
        return CallContext.builder(MODEL).feature("code_generations").prompt("code_suggestions/generations/base/2.0.3");
    }

    /** The outcome of a blocking call on this thread: its completion or its error. */
    Object execute(CallContext ctx) {
        try {
            return runtime.execute(ctx, client, REQUEST);
        } catch (DuoException e) {
            return e;
        }
    }

    CompletableFuture<Completion> async(CallContext ctx) {
        return runtime.executeAsync(ctx, client, REQUEST);
    }

    Recorder stream(CallContext ctx) {
        Recorder r = new Recorder();
        r.handle = runtime.stream(ctx, client, REQUEST, r);
        return r;
    }

    static Object outcome(CompletableFuture<Completion> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            return e.getCause();
        } catch (java.util.concurrent.CancellationException e) {
            return e;
        }
    }

    /** The runtime's WARN lines. */
    List<String> warnings() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        duo.detachAppender(logs);
    }

    /** Records a stream's signals, their virtual time, and any overlap. */
    class Recorder implements StreamListener {
        final List<String> chunks = new CopyOnWriteArrayList<>();
        final List<Object> terminals = new CopyOnWriteArrayList<>();
        volatile Instant endedAt;
        volatile boolean overlapped;
        private volatile boolean inside;
        StreamHandle handle;

        @Override
        public void onChunk(String text) {
            enter();
            chunks.add(text);
            inside = false;
        }

        @Override
        public void onComplete(Completion completion) {
            end(completion);
        }

        @Override
        public void onError(DuoException error) {
            end(error);
        }

        private void end(Object o) {
            enter();
            terminals.add(o);
            endedAt = vt.now();
            inside = false;
        }

        private void enter() {
            overlapped |= inside;
            inside = true;
        }

        String text() {
            return String.join("", chunks);
        }
    }

    /** Records the call listener events by kind. */
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
    }
}
