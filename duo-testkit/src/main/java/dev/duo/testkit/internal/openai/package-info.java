/**
 * The workings of {@code FakeOpenAiServer}: the echo model, the request dispatcher and the SSE
 * writer. Not API: do not import.
 */
package dev.duo.testkit.internal.openai;
