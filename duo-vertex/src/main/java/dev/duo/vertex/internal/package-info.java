/**
 * Implementation of the Vertex AI provider: addressing (project, region, endpoint), Google
 * credentials, the Claude and Gemini wire formats, streaming and error mapping. Not API: do not import.
 */
package dev.duo.vertex.internal;
