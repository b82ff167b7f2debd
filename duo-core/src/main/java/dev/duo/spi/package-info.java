/**
 * The provider SPI: what a provider module implements ({@link dev.duo.spi.ModelProvider}, {@link dev.duo.spi.ModelClient}) to serve a platform. Callers do not need this package.
 * Shared by providers: {@link dev.duo.spi.EndpointRules} (the endpoint policy's rules) and
 * {@link dev.duo.spi.ReplicaSet} (a model's replicas, {@code endpoints:}: balancing, ejection, probes).
 */
package dev.duo.spi;
