/** The per-test state behind {@link dev.duo.testkit.junit.DuoTest}. Not public API. */
package dev.duo.testkit.internal.junit;
