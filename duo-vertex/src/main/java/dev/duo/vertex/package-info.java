/**
 * The Google Vertex AI provider ({@code vertex_ai/<model>}): Anthropic Claude models through
 * {@code :rawPredict} / {@code :streamRawPredict} and Gemini models through {@code :generateContent}
 * / {@code :streamGenerateContent}, authorized by Google's own credentials library.
 */
package dev.duo.vertex;
