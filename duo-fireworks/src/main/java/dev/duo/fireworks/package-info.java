/**
 * The OpenAI-compatible provider: Fireworks AI, OpenAI, and any server speaking OpenAI's
 * {@code /v1/chat/completions} and {@code /v1/completions} (vLLM, Ollama, llama.cpp). Its one public
 * class, {@link dev.duo.fireworks.OpenAiCompatibleProvider}, is found through {@link java.util.ServiceLoader}.
 */
package dev.duo.fireworks;
