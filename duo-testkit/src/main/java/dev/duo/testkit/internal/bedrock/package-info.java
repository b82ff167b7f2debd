/**
 * Internals of {@link dev.duo.testkit.FakeBedrockServer}: the request dispatcher, the deterministic
 * answers, event-stream framing and the Bedrock error shapes. Not API.
 */
package dev.duo.testkit.internal.bedrock;
