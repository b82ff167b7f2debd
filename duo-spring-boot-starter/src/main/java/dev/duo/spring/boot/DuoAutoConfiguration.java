package dev.duo.spring.boot;

import dev.duo.DuoClient;
import dev.duo.micrometer.DuoMicrometer;
import dev.duo.opentelemetry.DuoOpenTelemetry;
import dev.duo.call.CallInterceptor;
import dev.duo.call.CallListener;
import dev.duo.spring.boot.internal.PropertiesConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes one {@link DuoClient} bean from {@code duo.config-file} and the {@code duo.*} properties
 * (see {@link DuoProperties}), installs it as the default behind {@link DuoClient#forFeature} and
 * closes it on shutdown. {@link CallListener}, {@link CallInterceptor} and
 * {@link DuoClientBuilderCustomizer} beans go into it; so does {@link DuoMicrometer} when duo-micrometer
 * and a {@code MeterRegistry} bean are present, and {@link DuoOpenTelemetry} (as listener and
 * interceptor) when duo-opentelemetry and an {@code OpenTelemetry} bean are present. A
 * {@code DuoClient} bean of the application's own (a test's fake) replaces this one.
 *
 * <pre>{@code
 * @RestController
 * class ExplainController {
 *     private final DuoClient duo;
 *     ExplainController(DuoClient duo) { this.duo = duo; }
 *
 *     @PostMapping("/explain")
 *     String explain(@RequestBody String code) {
 *         return duo.feature("duo_chat_explain_code").generate(Map.of("selected_text", code)).text();
 *     }
 * }
 * }</pre>
 */
@AutoConfiguration
@EnableConfigurationProperties(DuoProperties.class)
@ConditionalOnProperty(prefix = "duo", name = "enabled", matchIfMissing = true)
public class DuoAutoConfiguration {

    /** The client, from the properties and every customizer, listener and interceptor bean. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public DuoClient duoClient(DuoProperties properties, ObjectProvider<DuoClientBuilderCustomizer> customizers,
                               ObjectProvider<CallListener> listeners, ObjectProvider<CallInterceptor> interceptors) {
        DuoClient.Builder b = DuoClient.builder();
        if (properties.getConfigFile() != null) {
            b.configFile(properties.getConfigFile());
        }
        b.configure(config -> PropertiesConfig.apply(properties, config));
        listeners.orderedStream().forEach(b::listener);
        interceptors.orderedStream().forEach(b::interceptor);
        customizers.orderedStream().forEach(c -> c.customize(b));
        return b.build();
    }

    /** Makes the client the default of {@link DuoClient#forFeature} while the context lives. */
    @Bean
    public DefaultClientInstaller duoDefaultClientInstaller(DuoClient client) {
        return new DefaultClientInstaller(client);
    }

    /** Installs the client as the default of {@link DuoClient#forFeature}; undone when the context closes. */
    public static final class DefaultClientInstaller implements DisposableBean {
        private final DuoClient.DefaultOverride installed;

        DefaultClientInstaller(DuoClient client) {
            this.installed = DuoClient.installDefault(client);
        }

        @Override
        public void destroy() {
            installed.close();
        }
    }

    /** Metrics, when duo-micrometer is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({DuoMicrometer.class, MeterRegistry.class})
    @ConditionalOnProperty(prefix = "duo.metrics", name = "enabled", matchIfMissing = true)
    static class MetricsConfiguration {
        // Looked up when the client is built, not as a bean condition: the registry's auto-configuration
        // may be processed after this one, and every bean definition exists by the time beans are made.
        @Bean
        DuoClientBuilderCustomizer duoMicrometerCustomizer(ObjectProvider<MeterRegistry> registry) {
            return b -> registry.ifUnique(r -> b.listener(DuoMicrometer.listener(r)));
        }
    }

    /** Tracing, when duo-opentelemetry is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({DuoOpenTelemetry.class, OpenTelemetry.class})
    @ConditionalOnProperty(prefix = "duo.tracing", name = "enabled", matchIfMissing = true)
    static class TracingConfiguration {
        @Bean
        DuoClientBuilderCustomizer duoOpenTelemetryCustomizer(ObjectProvider<OpenTelemetry> openTelemetry,
                                                              DuoProperties properties) {
            return b -> openTelemetry.ifUnique(o -> {
                DuoOpenTelemetry tracing = DuoOpenTelemetry.builder(o)
                        .captureContent(properties.getTracing().isCaptureContent()).build();
                b.listener(tracing).interceptor(tracing);
            });
        }
    }
}
