/**
 * The workings of {@code FakeAzureOpenAiServer}: Azure's addressing, api-version, api-key and
 * content-filter checks in front of the fake OpenAI server's answers. Not API: do not import.
 */
package dev.duo.testkit.internal.azure;
