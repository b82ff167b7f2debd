package dev.duo.gateway.internal;

import dev.duo.spi.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duo.InvalidInputException;
import dev.duo.model.ModelIdentifier;
import dev.duo.model.SelfHostedModel;
import dev.duo.spi.PromptCall;
import java.nio.charset.StandardCharsets;

/**
 * The body of {@code POST /v1/prompts/{prompt id}}, as the gateway's {@code PromptRequest} reads
 * it: {@code inputs}, {@code prompt_version}, {@code stream}, and for a self-hosted model the
 * {@code model_metadata} its {@code ModelConfigMiddleware} turns into the model to call, in the
 * shape GitLab sends for a self-hosted model: {@code provider}, {@code name} (the family),
 * {@code endpoint}, {@code api_key}, {@code identifier}.
 *
 * <p>The identifier always carries its platform prefix ({@code custom_openai/mistralai/Mistral-7B}):
 * the gateway splits it at the first slash into LiteLLM's provider and model, so an id written
 * without a prefix would otherwise lose its first segment. {@code provider} is {@code bedrock} for
 * Bedrock models and {@code openai} for every OpenAI-compatible one (GitLab's own values; the
 * gateway's {@code fireworks_ai} provider would look the model up in its own catalog instead).
 */
final class GatewayBodies {

    static final ObjectMapper JSON = Json.mapper();

    private GatewayBodies() {
    }

    /** The path of a prompt, {@code v1/prompts/<id>} (slashes kept: the gateway routes {@code {prompt_id:path}}). */
    static String path(PromptCall call) {
        return "v1/prompts/" + call.promptId();
    }

    /**
     * The JSON body.
     *
     * @throws InvalidInputException when an input cannot be written as JSON
     */
    static byte[] body(PromptCall call, boolean stream) {
        ObjectNode root = JSON.createObjectNode();
        root.set("inputs", JSON.valueToTree(call.inputs()));
        call.version().ifPresent(v -> root.put("prompt_version", v));
        root.put("stream", stream);
        call.model().ifPresent(m -> {
            ObjectNode meta = root.putObject("model_metadata");
            meta.put("provider", provider(m));
            meta.put("name", m.family().id());
            m.effectiveEndpoint().ifPresent(e -> meta.put("endpoint", e.toString()));
            call.modelApiKey().ifPresent(k -> meta.put("api_key", k.reveal()));
            meta.put("identifier", m.platform() + "/" + m.identifier().modelId());
        });
        try {
            return JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidInputException("the inputs of prompt " + call.promptId() + " cannot be sent as JSON ("
                    + e.getClass().getSimpleName() + "): pass text, lists and maps of them");
        }
    }

    /** GitLab's provider value for a self-hosted model. */
    static String provider(SelfHostedModel m) {
        return m.platform().equals(ModelIdentifier.BEDROCK) ? "bedrock" : "openai";
    }
}
