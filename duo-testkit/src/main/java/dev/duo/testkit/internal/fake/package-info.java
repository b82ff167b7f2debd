/**
 * The machinery behind {@link dev.duo.testkit.FakeModelClient}: mapping {@link dev.duo.testkit.Fault}s
 * to the errors a real provider would raise, the fake's streams (also used by the replay client),
 * scripted answer rules, chunking, how calls are shown in assertion messages, and {@link
 * dev.duo.testkit.internal.fake.VirtualTime}, a single-threaded virtual clock, scheduler and executor
 * that drives pipeline tests without real waiting. Not public API.
 */
package dev.duo.testkit.internal.fake;
