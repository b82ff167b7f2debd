/**
 * The testkit's implementation: the fakes' shared echo model, and per-fake packages. Not API.
 */
package dev.duo.testkit.internal;
