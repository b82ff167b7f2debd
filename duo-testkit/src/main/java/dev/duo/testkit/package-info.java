/**
 * The Duo SDK testkit: fakes and fault plans for users' unit tests, offline and deterministic.
 * {@link dev.duo.testkit.FakeModelClient} answers from scripted rules and records every request;
 * {@link dev.duo.testkit.CallLog} asserts on those requests with failures that show every call;
 * {@link dev.duo.testkit.RequestMatcher} says which requests a rule or an assertion is about;
 * {@link dev.duo.testkit.TestClients} wires a {@code DuoClient} to any test double. See
 * {@link dev.duo.testkit.junit.DuoTest} for the JUnit 5 extension and {@code dev.duo.testkit.record}
 * for record and replay.
 */
package dev.duo.testkit;
