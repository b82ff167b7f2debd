/**
 * The OpenAI-compatible provider (Fireworks AI, vLLM, any /v1 server), found by duo-core through ServiceLoader. Its internals are exported only to the SDK's providers built on them (Vertex AI, the AI gateway).
 *
 * <pre>{@code
 * module my.service {
 *     requires dev.duo.fireworks;
 * }
 * }</pre>
 */
module dev.duo.fireworks {
    requires transitive dev.duo.core;
    requires okhttp3;

    exports dev.duo.fireworks;
    exports dev.duo.fireworks.internal to dev.duo.vertex, dev.duo.gateway;

    provides dev.duo.spi.ModelProvider with dev.duo.fireworks.OpenAiCompatibleProvider;
}
