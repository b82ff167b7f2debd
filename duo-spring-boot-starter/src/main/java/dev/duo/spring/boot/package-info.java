/**
 * Spring Boot auto-configuration for the Duo SDK: one {@link dev.duo.DuoClient} bean from
 * {@code duo.config-file} and {@code duo.*} properties, installed as the default behind
 * {@code DuoClient.forFeature}; metrics and tracing wired when the application has them; a {@code duo}
 * health indicator and an {@code /actuator/duo} endpoint. See {@link dev.duo.spring.boot.DuoAutoConfiguration}.
 */
package dev.duo.spring.boot;
