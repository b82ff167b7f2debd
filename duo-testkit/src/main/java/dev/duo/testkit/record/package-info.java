/**
 * Record and replay: run a test once against a real provider with {@link
 * dev.duo.testkit.record.RecordingModelClient}, keep the exchanges (secrets scrubbed) in a readable
 * JSON file, and replay them offline with {@link dev.duo.testkit.record.ReplayModelClient}, which
 * fails with a field-by-field diff when the code now asks something else. {@code @DuoTest(recording
 * = ...)} does both for you.
 */
package dev.duo.testkit.record;
