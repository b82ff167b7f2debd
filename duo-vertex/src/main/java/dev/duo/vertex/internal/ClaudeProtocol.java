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
 * Anthropic's Messages API as Vertex AI serves it ({@code :rawPredict}, {@code :streamRawPredict}):
 * the body carries {@code anthropic_version: vertex-2023-10-16} instead of a model field, system
 * messages go to the top-level {@code system}, and {@code max_tokens} is required (the model's or
 * the prompt's, else {@value #DEFAULT_MAX_TOKENS}). Streams are Anthropic's SSE events
 * ({@code message_start}, {@code content_block_delta}, {@code message_delta}, {@code message_stop}).
 */
final class ClaudeProtocol implements VertexProtocol {

    static final String ANTHROPIC_VERSION = "vertex-2023-10-16";
    /** Sent when nobody set max_tokens: Anthropic refuses a request without it. */
    static final int DEFAULT_MAX_TOKENS = 4096;

    @Override
    public String method(boolean stream) {
        return stream ? "streamRawPredict" : "rawPredict";
    }

    @Override
    public byte[] body(ModelRequest request, boolean stream) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("anthropic_version", ANTHROPIC_VERSION);
            StringBuilder system = new StringBuilder();
            for (Message m : request.messages()) {
                if (m.role() == Role.SYSTEM) {
                    system.append(system.length() == 0 ? "" : "\n\n").append(m.content());
                }
            }
            if (system.length() > 0) {
                g.writeStringField("system", system.toString());
            }
            g.writeArrayFieldStart("messages");
            for (Message m : request.messages()) {
                if (m.role() != Role.SYSTEM) {
                    g.writeStartObject();
                    g.writeStringField("role", m.role() == Role.ASSISTANT ? "assistant" : "user");
                    g.writeStringField("content", m.content());
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            ModelParams p = request.params();
            g.writeNumberField("max_tokens", p.maxTokens().orElse(DEFAULT_MAX_TOKENS));
            if (p.temperature().isPresent()) {
                g.writeNumberField("temperature", p.temperature().getAsDouble());
            }
            if (p.topP().isPresent()) {
                g.writeNumberField("top_p", p.topP().getAsDouble());
            }
            if (p.stop().isPresent()) {
                g.writeArrayFieldStart("stop_sequences");
                for (String s : p.stop().get()) {
                    g.writeString(s);
                }
                g.writeEndArray();
            }
            if (stream) {
                g.writeBooleanField("stream", true);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static FinishReason finish(String stopReason) {
        if (stopReason == null) {
            return FinishReason.OTHER;
        }
        return switch (stopReason) {
            case "end_turn", "pause_turn" -> FinishReason.STOP;
            case "stop_sequence" -> FinishReason.STOP_SEQUENCE;
            case "max_tokens" -> FinishReason.LENGTH;
            case "tool_use" -> FinishReason.TOOL_CALLS;
            case "refusal" -> FinishReason.CONTENT_FILTER;
            case "model_context_window_exceeded" -> FinishReason.CONTEXT_WINDOW_EXCEEDED;
            default -> FinishReason.OTHER;
        };
    }

    @Override
    public Completion.Builder whole(JsonNode root) {
        JsonNode content = root.get("content");
        if (content == null || !content.isArray()) {
            throw new IllegalArgumentException("an answer without content");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            if ("text".equals(block.path("type").asText())) {
                text.append(block.path("text").asText(""));
            }
        }
        JsonNode usage = root.path("usage");
        return Completion.builder()
                .text(text.toString())
                .finishReason(finish(root.path("stop_reason").asText(null)))
                .usage(usage.isObject() ? new Usage(usage.path("input_tokens").asLong(0), usage.path("output_tokens").asLong(0))
                        : Usage.UNKNOWN)
                .requestId(root.path("id").asText(null));
    }

    @Override
    public StreamDecoder decoder() {
        return new StreamDecoder() {
            private long in;
            private long outTokens;
            private boolean sawUsage;
            private String stopReason;
            private String id;
            private boolean stopped;

            @Override
            public String accept(JsonNode event) {
                String type = event.path("type").asText("");
                switch (type) {
                    case "message_start" -> {
                        JsonNode m = event.path("message");
                        id = m.path("id").asText(null);
                        if (m.path("usage").isObject()) {
                            in = m.path("usage").path("input_tokens").asLong(0);
                            outTokens = m.path("usage").path("output_tokens").asLong(0);
                            sawUsage = true;
                        }
                        return "";
                    }
                    case "content_block_delta" -> {
                        JsonNode d = event.path("delta");
                        return "text_delta".equals(d.path("type").asText()) ? d.path("text").asText("") : "";
                    }
                    case "message_delta" -> {
                        stopReason = event.path("delta").path("stop_reason").asText(stopReason);
                        if (event.path("usage").has("output_tokens")) {
                            outTokens = event.path("usage").path("output_tokens").asLong(0);
                            sawUsage = true;
                        }
                        return "";
                    }
                    case "message_stop" -> {
                        stopped = true;
                        return "";
                    }
                    case "content_block_start", "content_block_stop", "ping" -> {
                        return "";
                    }
                    default -> {
                        if (type.isEmpty()) {
                            throw new IllegalArgumentException("a stream event without a type");
                        }
                        return "";   // event types added later carry nothing we use
                    }
                }
            }

            @Override
            public boolean finished() {
                return stopped;
            }

            @Override
            public Completion.Builder result() {
                return Completion.builder().finishReason(finish(stopReason))
                        .usage(sawUsage ? new Usage(in, outTokens) : Usage.UNKNOWN).requestId(id);
            }
        };
    }
}
