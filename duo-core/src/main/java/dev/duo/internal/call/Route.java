package dev.duo.internal.call;

import dev.duo.call.CallContext;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The models one call may use, in order: the feature's model with its request already rendered,
 * then its fallback models, each with its own context (deadlines, secrets, prompt) and a request
 * rendered for its family only if the call gets that far (so the happy path renders once).
 * Immutable; a call walks it inside its one {@link RealCall}.
 *
 * <pre>{@code
 * Route route = Route.of(primaryCtx, primaryClient, primaryRequest)
 *         .orElse(fallbackCtx, fallbackClient, () -> render(fallbackPrompt, inputs));
 * Completion c = runtime.execute(route);
 * }</pre>
 */
public final class Route {

    /** One model of a route. */
    record Target(CallContext context, ModelClient client, Supplier<ModelRequest> request) {
    }

    final List<Target> targets;
    final ModelRequest first;

    private Route(List<Target> targets, ModelRequest first) {
        this.targets = List.copyOf(targets);
        this.first = first;
    }

    /** A route of one model with its request. */
    public static Route of(CallContext context, ModelClient client, ModelRequest request) {
        Objects.requireNonNull(context, "ctx");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(request, "request");
        return new Route(List.of(new Target(context, client, new Rendered(request))), request);
    }

    /**
     * A request already rendered. A class, not {@code () -> request}: C2 made that capturing lambda
     * through the VM's slow allocation path on every call.
     */
    private static final class Rendered implements Supplier<ModelRequest> {
        private final ModelRequest request;

        Rendered(ModelRequest request) {
            this.request = request;
        }

        @Override
        public ModelRequest get() {
            return request;
        }
    }

    /** This route, then {@code client} with a request made when the call falls back to it. */
    public Route orElse(CallContext context, ModelClient client, Supplier<ModelRequest> request) {
        List<Target> next = new ArrayList<>(targets);
        next.add(new Target(Objects.requireNonNull(context, "context"), Objects.requireNonNull(client, "client"),
                Objects.requireNonNull(request, "request")));
        return new Route(next, first);
    }

    /** How many models the route holds. */
    public int size() {
        return targets.size();
    }
}
