/**
 * Implementation of the OpenAI-compatible provider: HTTP client set-up, endpoint policy, request
 * bodies, SSE parsing, error mapping and redacted wire logging. Not API: do not import.
 */
package dev.duo.fireworks.internal;
