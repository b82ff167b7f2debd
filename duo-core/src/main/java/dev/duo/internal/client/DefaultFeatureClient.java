package dev.duo.internal.client;

import dev.duo.Completion;
import dev.duo.DuoException;
import dev.duo.FeatureClient;
import dev.duo.InvalidInputException;
import dev.duo.Message;
import dev.duo.ModelParams;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.feature.Feature;
import dev.duo.feature.FeatureInput;
import dev.duo.feature.InputKind;
import dev.duo.internal.call.CallRuntime;
import dev.duo.internal.call.Route;
import dev.duo.BlockingStream;
import dev.duo.prompt.RenderedPrompt;
import dev.duo.spi.ModelRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The feature client: resolve (cached), render, merge parameters and deadlines, call through the runtime. */
public final class DefaultFeatureClient implements FeatureClient {

    private final String key;
    private final Supplier<ClientSnapshot> snapshot;
    private final CallRuntime runtime;

    /**
     * @param key the feature key or alias
     * @param snapshot the client's current snapshot
     * @param runtime makes the calls: retries, deadlines, cancellation, logging and listeners
     */
    public DefaultFeatureClient(String key, Supplier<ClientSnapshot> snapshot, CallRuntime runtime) {
        this.key = key;
        this.snapshot = snapshot;
        this.runtime = runtime;
    }

    @Override
    public Feature feature() {
        return snapshot.get().features().get(key);
    }

    @Override
    public Completion generate(Map<String, ?> inputs) {
        return generate(inputs, ModelParams.NONE);
    }

    @Override
    public Completion generate(Map<String, ?> inputs, ModelParams overrides) {
        Objects.requireNonNull(overrides, "overrides");
        ResolvedFeature r = snapshot.get().resolve(key);
        return runtime.execute(route(r, inputs, overrides));
    }

    @Override
    public CompletableFuture<Completion> generateAsync(Map<String, ?> inputs) {
        try {
            ResolvedFeature r = snapshot.get().resolve(key);
            return runtime.executeAsync(route(r, inputs, ModelParams.NONE));
        } catch (DuoException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public StreamHandle stream(Map<String, ?> inputs, StreamListener listener) {
        Objects.requireNonNull(listener, "listener");
        Route route;
        try {
            route = route(snapshot.get().resolve(key), inputs, ModelParams.NONE);
        } catch (DuoException e) {
            return FailedStream.deliver(listener, e);
        }
        return runtime.stream(route, listener);
    }

    @Override
    public Completion generate(Map<String, ?> inputs, Consumer<String> onChunk) {
        Objects.requireNonNull(onChunk, "onChunk");
        ResolvedFeature r = snapshot.get().resolve(key);
        return runtime.streamAndWait(route(r, inputs, ModelParams.NONE), onChunk);
    }

    @Override
    public BlockingStream streamBlocking(Map<String, ?> inputs) {
        return BlockingStream.start(listener -> stream(inputs, listener));
    }

    @Override
    public Completion chat(List<Message> conversation) {
        if (conversation == null || conversation.isEmpty()) {
            throw new InvalidInputException("chat needs at least one message in the conversation");
        }
        Feature f = feature();
        String name = f.inputs().stream().filter(i -> i.kind() == InputKind.CONVERSATION).map(FeatureInput::name)
                .findFirst()
                .orElseThrow(() -> new InvalidInputException(f.title() + " (" + f.key() + ") takes no conversation: "
                        + "call generate(inputs) with its inputs " + f.inputs().stream().map(FeatureInput::name).toList()));
        return generate(Map.of(name, conversation));
    }

    /**
     * The models this call may use: the feature's, its request rendered now, then each fallback model
     * with its own prompt (for its family), params and deadlines, rendered only if the call gets there.
     */
    private static Route route(ResolvedFeature r, Map<String, ?> inputs, ModelParams overrides) {
        Route route = Route.of(r.context(), r.client(), request(r, inputs, overrides));
        for (ResolvedFeature f : r.fallbacks()) {
            route = route.orElse(f.context(), f.client(), () -> request(f, inputs, overrides));
        }
        return route;
    }

    private static ModelRequest request(ResolvedFeature r, Map<String, ?> inputs, ModelParams overrides) {
        if (inputs == null) {
            throw new InvalidInputException("inputs must not be null: pass Map.of() for a feature without inputs");
        }
        if (r.gateway() != null) {
            // Served by the AI gateway: it renders the prompt, so the request carries the inputs instead.
            return r.gateway().request(inputs, overrides);
        }
        // Rendering counts against the call's deadline (a user template could otherwise run unbounded).
        RenderedPrompt rendered = r.prompt().render(r.feature(), inputs, r.model().timeouts().total());
        // The one merge order: the prompt's params, then the model's, then the call's.
        ModelParams params = rendered.params().overriddenBy(r.model().params()).overriddenBy(overrides);
        Duration total = CallTimeouts.total(r.model(), rendered.params().timeout(), r.model().params().timeout(),
                overrides.timeout());
        if (!Objects.equals(total, params.timeout().orElse(null))) {
            params = params.toBuilder().timeout(total).build();
        }
        return ModelRequest.builder()
                .messages(rendered.messages())
                .params(params)
                .mode(rendered.mode())
                .feature(r.feature().key())
                .build();
    }

    @Override
    public String toString() {
        return "FeatureClient[" + key + "]";
    }
}
