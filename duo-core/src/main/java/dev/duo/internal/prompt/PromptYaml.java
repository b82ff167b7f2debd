package dev.duo.internal.prompt;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The schema of one prompt definition file, exactly the fields the GitLab AI gateway's files use.
 * Jackson reads it with unknown properties failing, so any other key is an error with its line.
 *
 * @param name a human name
 * @param model the model block ({@code params}, and the gateway-only {@code name}, {@code config_file})
 * @param unitPrimitive newer files: one unit primitive
 * @param unitPrimitives older files: a list of them
 * @param promptTemplate role to template text
 * @param params {@code timeout} (seconds) and {@code stop}
 */
record PromptYaml(
        @JsonProperty("name") String name,
        @JsonProperty("model") Model model,
        @JsonProperty("unit_primitive") String unitPrimitive,
        @JsonProperty("unit_primitives") List<String> unitPrimitives,
        @JsonProperty("prompt_template") Templates promptTemplate,
        @JsonProperty("params") Params params) {

    /** The {@code model} block; {@code name} and {@code config_file} are the gateway's and never sent. */
    record Model(
            @JsonProperty("name") String name,
            @JsonProperty("config_file") String configFile,
            @JsonProperty("params") ModelParamsYaml params) {
    }

    /**
     * {@code model.params}: temperature, max_tokens and top_p are sent; the rest are gateway-only
     * keys, accepted so gateway files load unchanged, and dropped.
     */
    record ModelParamsYaml(
            @JsonProperty("temperature") Double temperature,
            @JsonProperty("max_tokens") Integer maxTokens,
            @JsonProperty("top_p") Double topP,
            @JsonProperty("top_k") Object topK,
            @JsonProperty("model_class_provider") Object modelClassProvider,
            @JsonProperty("max_retries") Object maxRetries,
            @JsonProperty("custom_llm_provider") Object customLlmProvider) {
    }

    /**
     * {@code prompt_template}: the chat roles, or our one extension {@code prompt} (alone) for a
     * raw text prompt sent to a {@code /completions} endpoint.
     */
    record Templates(
            @JsonProperty("system") String system,
            @JsonProperty("user") String user,
            @JsonProperty("assistant") String assistant,
            @JsonProperty("prompt") String prompt) {
    }

    /** {@code params}: the call's timeout in seconds and its stop sequences. */
    record Params(
            @JsonProperty("timeout") Double timeout,
            @JsonProperty("stop") List<String> stop) {
    }
}
