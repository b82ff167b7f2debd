/**
 * Small programs that use the Duo SDK through its public API only (a test keeps them off
 * {@code internal} packages): {@link dev.duo.examples.GenerateCode} and {@link dev.duo.examples.StreamChat}.
 */
package dev.duo.examples;
