/**
 * Features served through a running GitLab AI gateway (its prompt API), found by duo-core through ServiceLoader.
 *
 * <pre>{@code
 * module my.service {
 *     requires dev.duo.gateway;
 * }
 * }</pre>
 */
module dev.duo.gateway {
    requires transitive dev.duo.core;
    requires dev.duo.fireworks;
    requires okhttp3;

    exports dev.duo.gateway;

    provides dev.duo.spi.ModelProvider with dev.duo.gateway.AiGatewayProvider;
}
