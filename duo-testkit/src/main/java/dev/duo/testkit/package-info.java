/**
 * The Duo SDK testkit: fakes and fault plans for users' unit tests, offline and deterministic.
 */
package dev.duo.testkit;
