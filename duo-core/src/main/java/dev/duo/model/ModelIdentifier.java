package dev.duo.model;

import java.util.Objects;
import java.util.Set;

/**
 * A model identifier split into the platform that serves it and the model id sent to that platform.
 *
 * <p>As in LiteLLM, a known prefix names the platform and is stripped: {@code bedrock/},
 * {@code fireworks_ai/}, {@code custom_openai/}, {@code openai/}, {@code azure/}, {@code vertex_ai/}. Any other identifier is a model id
 * for an OpenAI-compatible endpoint as it stands, slashes included
 * ({@code mistralai/Mistral-7B-Instruct-v0.3}), served by the {@code custom_openai} platform.
 *
 * <pre>{@code
 * ModelIdentifier id = ModelIdentifier.parse("bedrock/us.anthropic.claude-sonnet-4-20250514-v1:0");
 * id.platform();   // "bedrock"
 * id.modelId();    // "us.anthropic.claude-sonnet-4-20250514-v1:0"
 * }</pre>
 *
 * @param raw the identifier as configured
 * @param platform the platform id
 * @param modelId the id sent to the platform
 */
public record ModelIdentifier(String raw, String platform, String modelId) {

    /** AWS Bedrock. */
    public static final String BEDROCK = "bedrock";
    /** Fireworks AI. */
    public static final String FIREWORKS_AI = "fireworks_ai";
    /** Any OpenAI-compatible server (vLLM, Ollama, llama.cpp ...). */
    public static final String CUSTOM_OPENAI = "custom_openai";
    /** OpenAI itself. */
    public static final String OPENAI = "openai";
    /** Azure OpenAI: {@code azure/<deployment>} (served by duo-fireworks). */
    public static final String AZURE = "azure";
    /** Google Vertex AI: {@code vertex_ai/<model>}, Claude or Gemini (served by duo-vertex). */
    public static final String VERTEX_AI = "vertex_ai";

    /** A running GitLab AI gateway, which renders the prompt and calls the model itself (duo-gateway). */
    public static final String AI_GATEWAY = "ai_gateway";

    /** The prefixes that name a platform. */
    public static final Set<String> KNOWN_PLATFORMS = Set.of(BEDROCK, FIREWORKS_AI, CUSTOM_OPENAI, OPENAI, AZURE, VERTEX_AI,
            AI_GATEWAY);

    /** The longest identifier GitLab accepts. */
    public static final int MAX_LENGTH = 255;

    /** Validates the parts. */
    public ModelIdentifier {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(modelId, "modelId");
    }

    /**
     * Splits an identifier.
     *
     * @throws IllegalArgumentException when it is blank, too long, or a known prefix with no model id
     */
    public static ModelIdentifier parse(String identifier) {
        Objects.requireNonNull(identifier, "identifier");
        String id = identifier.trim();
        if (id.isEmpty()) {
            throw new IllegalArgumentException("a model identifier must not be empty");
        }
        if (id.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a model identifier must be at most " + MAX_LENGTH
                    + " characters, this one has " + id.length());
        }
        int slash = id.indexOf('/');
        if (slash > 0) {
            String prefix = id.substring(0, slash);
            if (KNOWN_PLATFORMS.contains(prefix)) {
                String modelId = id.substring(slash + 1);
                if (modelId.isBlank()) {
                    throw new IllegalArgumentException("the identifier '" + id + "' names the platform "
                            + prefix + " but no model id: write " + prefix + "/<model id>");
                }
                return new ModelIdentifier(id, prefix, modelId);
            }
        }
        return new ModelIdentifier(id, CUSTOM_OPENAI, id);
    }

    @Override
    public String toString() {
        return raw;
    }
}
