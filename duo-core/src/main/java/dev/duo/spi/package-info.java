/**
 * The provider SPI: what a provider module implements ({@link dev.duo.spi.ModelProvider}, {@link dev.duo.spi.ModelClient}) to serve a platform. Callers do not need this package.
 */
package dev.duo.spi;
