package dev.duo.internal.prompt;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The schema of one prompt definition file, exactly the fields the GitLab AI gateway's files use.
 * {@link PromptYamlBinder} binds it by hand; {@link JacksonDefinitionReader} (the reference, and the
 * reader of the files the binder declines) binds it through these annotations with unknown properties
 * failing, so any other key is an error with its line.
 *
 * @param name a human name
 * @param model the model block ({@code params}, and the gateway-only {@code name}, {@code config_file},
 *     {@code provider_params})
 * @param unitPrimitive newer files: one unit primitive
 * @param unitPrimitives older files: a list of them
 * @param operationType the gateway's operation label (accepted, never sent)
 * @param promptTemplate role to template text, in file order ({@code system}, {@code system_static},
 *     {@code system_dynamic}, {@code user}, {@code assistant}, {@code placeholder}, or our {@code prompt})
 * @param params {@code timeout} (seconds) and {@code stop}
 */
record PromptYaml(
        @JsonProperty("name") String name,
        @JsonProperty("model") Model model,
        @JsonProperty("unit_primitive") String unitPrimitive,
        @JsonProperty("unit_primitives") List<String> unitPrimitives,
        @JsonProperty("operation_type") String operationType,
        @JsonProperty("prompt_template") java.util.LinkedHashMap<String, Object> promptTemplate,
        @JsonProperty("params") Params params) {

    /** The {@code model} block; {@code name}, {@code config_file} and {@code provider_params} are the gateway's and never sent. */
    record Model(
            @JsonProperty("name") String name,
            @JsonProperty("config_file") String configFile,
            @JsonProperty("params") ModelParamsYaml params,
            @JsonProperty("provider_params") java.util.Map<String, Object> providerParams) {
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
     * {@code params}: the call's timeout in seconds and its stop sequences; the gateway's
     * {@code cache_control_injection_points} and {@code vertex_location} are accepted and never sent.
     */
    record Params(
            @JsonProperty("timeout") Double timeout,
            @JsonProperty("stop") List<String> stop,
            @JsonProperty("cache_control_injection_points") List<Object> cacheControlInjectionPoints,
            @JsonProperty("vertex_location") String vertexLocation) {
    }
}
