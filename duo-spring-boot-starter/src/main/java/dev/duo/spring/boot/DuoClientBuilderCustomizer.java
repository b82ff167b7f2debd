package dev.duo.spring.boot;

import dev.duo.DuoClient;

/**
 * Changes the {@link DuoClient.Builder} before the starter builds its client: declare one as a bean
 * to add interceptors, listeners, a retry policy or a provider. The starter's own metrics and tracing
 * wiring are customizers too. {@code CallListener} and {@code CallInterceptor} beans are installed
 * without one.
 *
 * <pre>{@code
 * @Bean
 * DuoClientBuilderCustomizer quickRetries() {
 *     return builder -> builder.retryPolicy(RetryPolicy.DEFAULTS.withMaxAttempts(2));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface DuoClientBuilderCustomizer {

    /** Changes the builder. */
    void customize(DuoClient.Builder builder);
}
