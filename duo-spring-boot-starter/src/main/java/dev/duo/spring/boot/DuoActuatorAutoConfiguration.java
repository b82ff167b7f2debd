package dev.duo.spring.boot;

import dev.duo.DuoClient;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code duo} health indicator and the {@code /actuator/duo} endpoint, when Actuator is present.
 * Expose the endpoint as any other: {@code management.endpoints.web.exposure.include=health,duo}.
 *
 * <pre>{@code
 * management.endpoint.health.show-details=always
 * duo.health.probe=false      # true: the health check also calls each feature's model
 * }</pre>
 */
@AutoConfiguration(after = DuoAutoConfiguration.class)
@ConditionalOnBean(DuoClient.class)
public class DuoActuatorAutoConfiguration {

    /** The health indicator. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("duo")
    static class HealthConfiguration {
        @Bean
        @ConditionalOnMissingBean(name = "duoHealthIndicator")
        DuoHealthIndicator duoHealthIndicator(DuoClient client, DuoProperties properties) {
            return new DuoHealthIndicator(client, properties.getHealth());
        }
    }

    /** The endpoint. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    @ConditionalOnAvailableEndpoint(endpoint = DuoEndpoint.class)
    static class EndpointConfiguration {
        @Bean
        @ConditionalOnMissingBean
        DuoEndpoint duoEndpoint(DuoClient client) {
            return new DuoEndpoint(client);
        }
    }
}
