/**
 * The Duo SDK's core: the caller's API ({@code dev.duo}), the call hooks ({@code dev.duo.call}), the
 * registries and configuration, what administrators and tools need ({@code dev.duo.admin}) and the
 * provider SPI ({@code dev.duo.spi}). Its {@code internal} packages are exported only to the SDK's
 * own modules that build on them.
 *
 * <pre>{@code
 * module my.service {
 *     requires dev.duo.core;
 *     requires dev.duo.fireworks;   // a provider, found through ServiceLoader
 * }
 * }</pre>
 */
module dev.duo.core {
    requires transitive com.fasterxml.jackson.databind;
    requires transitive org.slf4j;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires org.yaml.snakeyaml;
    requires io.github.resilience4j.circuitbreaker;
    requires io.github.resilience4j.core;
    requires jinjava;
    requires org.semver4j;

    exports dev.duo;
    exports dev.duo.admin;
    exports dev.duo.call;
    exports dev.duo.config;
    exports dev.duo.feature;
    exports dev.duo.model;
    exports dev.duo.pipeline;
    exports dev.duo.prompt;
    exports dev.duo.spi;

    exports dev.duo.internal.config to dev.duo.store.jdbc;

    uses dev.duo.spi.ModelProvider;
    uses dev.duo.spi.SettingsStoreProvider;
}
