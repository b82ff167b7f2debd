package dev.duo.internal.client;

import dev.duo.feature.Feature;
import dev.duo.model.SelfHostedModel;
import dev.duo.call.CallContext;
import dev.duo.prompt.PromptTemplate;
import dev.duo.spi.ModelClient;
import java.util.List;

/**
 * A feature resolved end to end: the model that serves it, the prompt file chosen for the model's
 * family and the client that calls it. Cached per feature in a snapshot; immutable.
 *
 * @param feature the feature
 * @param model the self-hosted model
 * @param prompt the prompt definition
 * @param client the model's shared client
 * @param context what the pipeline needs of every call (model, feature, prompt, secrets to redact)
 * @param gateway for a feature the AI gateway serves, how its calls become prompt calls (then
 *     {@code prompt} is null: nothing is rendered locally); null for a locally rendered feature
 * @param fallbacks the feature's fallback models, resolved the same way, in order; empty for none
 */
public record ResolvedFeature(Feature feature, SelfHostedModel model, PromptTemplate prompt, ModelClient client,
                              CallContext context, GatewayRoute gateway, List<ResolvedFeature> fallbacks) {

    /** Copies the fallbacks. */
    public ResolvedFeature {
        fallbacks = List.copyOf(fallbacks);
    }

    /** A feature with no fallback models. */
    public ResolvedFeature(Feature feature, SelfHostedModel model, PromptTemplate prompt, ModelClient client,
                           CallContext context, GatewayRoute gateway) {
        this(feature, model, prompt, client, context, gateway, List.of());
    }

    /** A feature whose prompt is rendered locally. */
    public ResolvedFeature(Feature feature, SelfHostedModel model, PromptTemplate prompt, ModelClient client,
                           CallContext context) {
        this(feature, model, prompt, client, context, null);
    }
}
