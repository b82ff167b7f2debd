package dev.duo.vertex.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.duo.Completion;
import dev.duo.FinishReason;
import dev.duo.Message;
import dev.duo.ModelParams;
import dev.duo.Role;
import dev.duo.Usage;
import dev.duo.spi.ModelRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Google's generateContent API for Gemini on Vertex AI ({@code :generateContent},
 * {@code :streamGenerateContent?alt=sse}): {@code contents} of {@code user} / {@code model} turns,
 * system messages as {@code systemInstruction}, parameters in {@code generationConfig}. A stream is
 * SSE whose every event is a whole {@code GenerateContentResponse} holding the next piece; the last
 * carries {@code finishReason} and {@code usageMetadata}, and the stream simply ends.
 */
final class GeminiProtocol implements VertexProtocol {

    @Override
    public String method(boolean stream) {
        return stream ? "streamGenerateContent?alt=sse" : "generateContent";
    }

    @Override
    public byte[] body(ModelRequest request, boolean stream) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeArrayFieldStart("contents");
            StringBuilder system = new StringBuilder();
            for (Message m : request.messages()) {
                if (m.role() == Role.SYSTEM) {
                    system.append(system.length() == 0 ? "" : "\n\n").append(m.content());
                    continue;
                }
                g.writeStartObject();
                g.writeStringField("role", m.role() == Role.ASSISTANT ? "model" : "user");
                g.writeArrayFieldStart("parts");
                g.writeStartObject();
                g.writeStringField("text", m.content());
                g.writeEndObject();
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            if (system.length() > 0) {
                g.writeObjectFieldStart("systemInstruction");
                g.writeArrayFieldStart("parts");
                g.writeStartObject();
                g.writeStringField("text", system.toString());
                g.writeEndObject();
                g.writeEndArray();
                g.writeEndObject();
            }
            ModelParams p = request.params();
            if (p.maxTokens().isPresent() || p.temperature().isPresent() || p.topP().isPresent() || p.stop().isPresent()) {
                g.writeObjectFieldStart("generationConfig");
                if (p.maxTokens().isPresent()) {
                    g.writeNumberField("maxOutputTokens", p.maxTokens().getAsInt());
                }
                if (p.temperature().isPresent()) {
                    g.writeNumberField("temperature", p.temperature().getAsDouble());
                }
                if (p.topP().isPresent()) {
                    g.writeNumberField("topP", p.topP().getAsDouble());
                }
                if (p.stop().isPresent()) {
                    g.writeArrayFieldStart("stopSequences");
                    for (String s : p.stop().get()) {
                        g.writeString(s);
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static FinishReason finish(String reason) {
        if (reason == null) {
            return FinishReason.OTHER;
        }
        return switch (reason) {
            case "STOP" -> FinishReason.STOP;
            case "MAX_TOKENS" -> FinishReason.LENGTH;
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
    }

    private static String text(JsonNode candidate) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.has("text") && !part.path("thought").asBoolean(false)) {
                sb.append(part.get("text").asText(""));
            }
        }
        return sb.toString();
    }

    private static Usage usage(JsonNode meta) {
        return meta.isObject()
                ? new Usage(meta.path("promptTokenCount").asLong(0), meta.path("candidatesTokenCount").asLong(0))
                : null;
    }

    @Override
    public Completion.Builder whole(JsonNode root) {
        JsonNode candidates = root.get("candidates");
        String id = root.path("responseId").asText(null);
        if (candidates == null || !candidates.isArray() || candidates.isEmpty()) {
            if (root.path("promptFeedback").hasNonNull("blockReason")) {
                // The prompt itself was blocked: no candidate, no text.
                return Completion.builder().text("").finishReason(FinishReason.CONTENT_FILTER)
                        .usage(orUnknown(usage(root.path("usageMetadata")))).requestId(id);
            }
            throw new IllegalArgumentException("an answer without candidates");
        }
        JsonNode c = candidates.get(0);
        return Completion.builder().text(text(c)).finishReason(finish(c.path("finishReason").asText(null)))
                .usage(orUnknown(usage(root.path("usageMetadata")))).requestId(id);
    }

    private static Usage orUnknown(Usage u) {
        return u == null ? Usage.UNKNOWN : u;
    }

    @Override
    public StreamDecoder decoder() {
        return new StreamDecoder() {
            private String finish;
            private Usage usage;
            private String id;
            private boolean blocked;

            @Override
            public String accept(JsonNode event) {
                if (id == null) {
                    id = event.path("responseId").asText(null);
                }
                Usage u = usage(event.path("usageMetadata"));
                if (u != null) {
                    usage = u;
                }
                JsonNode candidates = event.get("candidates");
                if (candidates == null || !candidates.isArray() || candidates.isEmpty()) {
                    if (event.path("promptFeedback").hasNonNull("blockReason")) {
                        blocked = true;
                        return "";
                    }
                    if (u == null) {
                        throw new IllegalArgumentException("a stream event without candidates");
                    }
                    return "";
                }
                JsonNode c = candidates.get(0);
                if (c.hasNonNull("finishReason")) {
                    finish = c.get("finishReason").asText();
                }
                return text(c);
            }

            @Override
            public boolean finished() {
                return finish != null || blocked;
            }

            @Override
            public Completion.Builder result() {
                return Completion.builder().finishReason(blocked ? FinishReason.CONTENT_FILTER : finish(finish))
                        .usage(orUnknown(usage)).requestId(id);
            }
        };
    }
}
