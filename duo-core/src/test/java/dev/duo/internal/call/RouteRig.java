package dev.duo.internal.call;

import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.Message;
import dev.duo.model.CircuitBreakerSettings;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.model.Timeouts;
import dev.duo.call.CallContext;
import dev.duo.call.CallEvent;
import dev.duo.call.CallListener;
import dev.duo.call.RetryPolicy;
import dev.duo.call.RoutingEvent;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A routing runtime on virtual time (routing on, breakers on as for real providers): a primary
 * model A (mixtral; attempt 10 s, total 25 s) and a fallback model B (llama3; attempt 5 s, total
 * 60 s), each with its own {@link ScriptedClient}, and the listener events recorded. Retries 3 x
 * from 500 ms as by default.
 */
final class RouteRig {

    static final SelfHostedModel A = SelfHostedModel.builder().name("A").family(ModelFamily.MIXTRAL)
            .identifier("fireworks_ai/accounts/fireworks/models/mixtral-8x22b-instruct")
            .timeouts(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(25), Duration.ofSeconds(4)))
            .build();
    static final SelfHostedModel B = SelfHostedModel.builder().name("B").family(ModelFamily.LLAMA3)
            .identifier("custom_openai/llama3").endpoint(java.net.URI.create("http://localhost:8000/v1"))
            .timeouts(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(4)))
            .build();
    static final ModelRequest REQUEST_A = ModelRequest.builder().messages(List.of(Message.user("for A")))
            .feature("code_generations").build();
    static final ModelRequest REQUEST_B = ModelRequest.builder().messages(List.of(Message.user("for B")))
            .feature("code_generations").build();

    final VirtualTime vt = new VirtualTime();
    final ScriptedClient a;
    final ScriptedClient b;
    final CallRuntime runtime;
    final List<String> kinds = new CopyOnWriteArrayList<>();
    final List<RoutingEvent> routing = new CopyOnWriteArrayList<>();
    final List<CallEvent> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger rendersOfB = new AtomicInteger();
    SelfHostedModel modelA = A;
    SelfHostedModel modelB = B;

    RouteRig(List<ScriptedClient.Step> forA, List<ScriptedClient.Step> forB) {
        this(RetryPolicy.DEFAULTS, false, forA, forB);
    }

    RouteRig(RetryPolicy policy, boolean testFake, List<ScriptedClient.Step> forA, List<ScriptedClient.Step> forB) {
        a = new ScriptedClient(vt, "from A", forA.toArray(ScriptedClient.Step[]::new));
        b = new ScriptedClient(vt, "from B", forB.toArray(ScriptedClient.Step[]::new));
        CallListener l = new CallListener() {
            @Override public void onRequest(CallEvent e) { add("request", e); }
            @Override public void onFirstToken(CallEvent e) { add("first_token", e); }
            @Override public void onRetry(CallEvent e) { add("retry", e); }
            @Override public void onResponse(CallEvent e) { add("response:" + e.model(), e); }
            @Override public void onError(CallEvent e) { add("error:" + e.model(), e); }
            @Override public void onRouting(RoutingEvent e) {
                routing.add(e);
                kinds.add(e.kind().name().toLowerCase(java.util.Locale.ROOT));
            }
        };
        runtime = CallRuntime.builder().clock(vt.clock()).scheduler(vt.scheduler()).retryPolicy(policy)
                .listeners(List.of(l)).routing(testFake).build();
    }

    private void add(String kind, CallEvent e) {
        kinds.add(kind);
        calls.add(e);
    }

    /** Model A with another circuit breaker. */
    RouteRig breakerOfA(UnaryOperator<CircuitBreakerSettings> change) {
        modelA = A.toBuilder().circuitBreaker(change.apply(A.circuitBreaker())).build();
        return this;
    }

    RouteRig maxConcurrentOfA(int n) {
        modelA = modelA.toBuilder().maxConcurrentRequests(n).build();
        return this;
    }

    CallContext ctxA() {
        return CallContext.builder(modelA).feature("code_generations").prompt("code_suggestions/generations/mixtral/1.0.0").build();
    }

    CallContext ctxB() {
        return CallContext.builder(modelB).feature("code_generations").prompt("code_suggestions/generations/llama3/1.0.0").build();
    }

    /** A then B. */
    Route route() {
        return route(a, b);
    }

    Route route(ModelClient first, ModelClient second) {
        return Route.of(ctxA(), first, REQUEST_A).orElse(ctxB(), second, () -> {
            rendersOfB.incrementAndGet();
            return REQUEST_B;
        });
    }

    /** A alone. */
    Route alone() {
        return Route.of(ctxA(), a, REQUEST_A);
    }

    Object execute(Route r) {
        try {
            return runtime.execute(r);
        } catch (DuoException e) {
            return e;
        }
    }

    CompletableFuture<Completion> async(Route r) {
        return runtime.executeAsync(r);
    }
}
