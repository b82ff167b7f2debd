/**
 * The machinery behind {@link dev.duo.testkit.FakeModelClient}: mapping {@link dev.duo.testkit.Fault}s
 * to the errors a real provider would raise, the fake's streams, and {@link
 * dev.duo.testkit.internal.fake.VirtualTime}, a single-threaded virtual clock, scheduler and executor
 * that drives pipeline tests without real waiting. Not public API.
 */
package dev.duo.testkit.internal.fake;
