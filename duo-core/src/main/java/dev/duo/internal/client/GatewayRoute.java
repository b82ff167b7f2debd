package dev.duo.internal.client;

import dev.duo.InvalidInputException;
import dev.duo.Message;
import dev.duo.ModelParams;
import dev.duo.feature.Feature;
import dev.duo.feature.FeatureInput;
import dev.duo.feature.InputKind;
import dev.duo.internal.util.Suggestions;
import dev.duo.model.Secret;
import dev.duo.model.SelfHostedModel;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.PromptCall;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where a feature served by the AI gateway leaves the local path: instead of rendering a prompt,
 * its calls become {@link PromptCall} requests (the feature's prompt id and version constraint,
 * the inputs, the routed model or none for the gateway's default), which then go through the same
 * call pipeline (retries, deadlines, cancellation, listeners, logging) as any other request.
 *
 * <p>The inputs follow the local rules as far as they can be known here: a required input must be
 * present, an input the feature does not declare is refused (the gateway's prompt is not known
 * locally, so only declared inputs count), and an absent optional input is sent empty, as a local
 * render would show it. The gateway's prompt API takes no model parameters (its prompt definition
 * sets them), so a call that overrides one is refused rather than silently changed.
 */
final class GatewayRoute {

    private final Feature feature;
    private final SelfHostedModel model;
    private final Secret modelKey;

    /**
     * @param feature the feature served
     * @param model the self-hosted model the gateway calls, or null for its default model
     * @param modelKey that model's resolved key, or null
     */
    GatewayRoute(Feature feature, SelfHostedModel model, Secret modelKey) {
        this.feature = feature;
        this.model = model;
        this.modelKey = modelKey;
    }

    /** {@code <prompt id>@<constraint> via ai_gateway}, as provenance and logs show the prompt. */
    String describe() {
        return feature.promptId() + "@" + feature.promptVersion() + " (rendered by the AI gateway)";
    }

    /**
     * The request of one call.
     *
     * @throws InvalidInputException for unknown, missing or mistyped inputs, and for parameter overrides
     */
    ModelRequest request(Map<String, ?> inputs, ModelParams overrides) {
        if (inputs == null) {
            throw new InvalidInputException("inputs must not be null: pass Map.of() for a feature without inputs");
        }
        checkOverrides(overrides);
        checkUnknown(inputs);
        Map<String, Object> sent = new LinkedHashMap<>();
        List<String> missing = new java.util.ArrayList<>();
        for (FeatureInput in : feature.inputs()) {
            Object value = inputs.get(in.name());
            if (value == null) {
                if (in.required()) {
                    missing.add(in.name());
                } else {
                    sent.put(in.name(), in.kind() == InputKind.TEXT ? "" : List.of());
                }
            } else if (in.kind() == InputKind.CONVERSATION) {
                sent.put(in.name(), conversation(in.name(), value));
            } else if (in.kind() == InputKind.LIST && !(value instanceof Collection<?>)) {
                throw new InvalidInputException("input '" + in.name() + "' of feature " + feature.key()
                        + " must be a list, got " + value.getClass().getSimpleName());
            } else {
                sent.put(in.name(), value);
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidInputException("feature " + feature.key() + " needs the required input(s) "
                    + String.join(", ", missing) + "; the call did not pass them");
        }
        PromptCall call = PromptCall.builder(feature.promptId())
                .version(feature.promptVersion())
                .inputs(sent)
                .model(model)
                .modelApiKey(modelKey)
                .build();
        ModelParams params = overrides.timeout().map(t -> ModelParams.builder().timeout(t).build()).orElse(ModelParams.NONE);
        return ModelRequest.builder().promptCall(call).params(params).feature(feature.key()).build();
    }

    private void checkOverrides(ModelParams overrides) {
        if (overrides.maxTokens().isPresent() || overrides.temperature().isPresent() || overrides.topP().isPresent()
                || overrides.stop().isPresent()) {
            throw new InvalidInputException(feature.title() + " (" + feature.key() + ") is served by the AI gateway,"
                    + " whose prompt API takes no model parameters (its prompt definition sets them): call it without"
                    + " overrides " + overrides + ", or serve the feature directly (drop 'via: ai_gateway')");
        }
    }

    private void checkUnknown(Map<String, ?> inputs) {
        List<String> unknown = inputs.keySet().stream().filter(k -> feature.input(k).isEmpty()).sorted().toList();
        if (unknown.isEmpty()) {
            return;
        }
        String declared = feature.inputs().stream()
                .map(i -> i.name() + (i.required() ? " (required)" : "")
                        + (i.kind() == InputKind.TEXT ? "" : " (" + i.kind().name().toLowerCase(Locale.ROOT) + ")"))
                .collect(Collectors.joining(", "));
        List<String> names = feature.inputs().stream().map(FeatureInput::name).toList();
        String hint = unknown.size() == 1 ? Suggestions.didYouMean(unknown.get(0), names) : "";
        throw new InvalidInputException("unknown input(s) " + String.join(", ", unknown) + " for feature "
                + feature.key() + " (served by the AI gateway, which takes only declared inputs): it declares "
                + (declared.isEmpty() ? "no inputs" : declared) + "." + hint);
    }

    /** A conversation as the gateway's templates read it: a list of {role, content}. */
    private List<Map<String, String>> conversation(String name, Object value) {
        if (value instanceof List<?> list && list.stream().allMatch(Message.class::isInstance)) {
            return list.stream().map(Message.class::cast)
                    .map(m -> Map.of("role", m.role().wireName(), "content", m.content())).toList();
        }
        throw new InvalidInputException("input '" + name + "' of feature " + feature.key()
                + " must be a List<dev.duo.Message> (the conversation), got " + value.getClass().getSimpleName());
    }
}
