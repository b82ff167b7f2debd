/**
 * The workings of {@code FakeVertexServer}: Vertex AI's paths and checks, the Claude (Anthropic
 * Messages) and Gemini (generateContent) answer shapes and streams, and a local OAuth token endpoint
 * that verifies service-account JWTs. Not API: do not import.
 */
package dev.duo.testkit.internal.vertex;
