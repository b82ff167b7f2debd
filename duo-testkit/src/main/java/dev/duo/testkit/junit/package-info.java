/**
 * The JUnit 5 extension: {@link dev.duo.testkit.junit.DuoTest} gives each test a fake-backed
 * {@code DuoClient}, overrides {@code DuoClient.forFeature} for the test, cleans up through the
 * extension store, fails tests that leak streams, and records or replays real exchanges.
 */
package dev.duo.testkit.junit;
