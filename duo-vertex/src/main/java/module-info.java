/**
 * The Google Vertex AI provider (Claude and Gemini), found by duo-core through ServiceLoader.
 *
 * <pre>{@code
 * module my.service {
 *     requires dev.duo.vertex;
 * }
 * }</pre>
 */
module dev.duo.vertex {
    requires transitive dev.duo.core;
    requires dev.duo.fireworks;
    requires okhttp3;
    requires com.google.auth.oauth2;
    requires com.google.auth;
    requires com.google.api.client;

    exports dev.duo.vertex;

    provides dev.duo.spi.ModelProvider with dev.duo.vertex.VertexAiProvider;
}
