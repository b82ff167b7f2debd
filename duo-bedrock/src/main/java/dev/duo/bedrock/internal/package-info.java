/**
 * Internals of the Bedrock provider (settings and credentials, SDK client cache, request and
 * response mapping, streaming, error mapping, wire logging). Not API: may change at any time.
 */
package dev.duo.bedrock.internal;
