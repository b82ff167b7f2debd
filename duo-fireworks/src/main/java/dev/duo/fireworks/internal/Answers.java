package dev.duo.fireworks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duo.FinishReason;
import dev.duo.Usage;

/** Reads the parts of OpenAI answers (whole or streamed chunks) that a {@code Completion} holds. */
final class Answers {

    private Answers() {
    }

    static FinishReason finishReason(String wire) {
        if (wire == null) {
            return FinishReason.OTHER;
        }
        return switch (wire) {
            case "stop", "eos", "end_turn" -> FinishReason.STOP;
            case "length", "max_tokens" -> FinishReason.LENGTH;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
            default -> FinishReason.OTHER;
        };
    }

    /** Usage from a {@code usage} object; null when absent or empty. */
    static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        long in = usage.path("prompt_tokens").asLong(0);
        long out = usage.path("completion_tokens").asLong(0);
        return new Usage(Math.max(0, in), Math.max(0, out));
    }

    /** The text of a choice: {@code message.content} or {@code delta.content} (chat), {@code text} (completions). */
    static String text(JsonNode choice) {
        JsonNode t = choice.get("text");
        if (t != null && t.isTextual()) {
            return t.asText();
        }
        JsonNode holder = choice.has("delta") ? choice.get("delta") : choice.get("message");
        if (holder != null) {
            JsonNode c = holder.get("content");
            if (c != null && c.isTextual()) {
                return c.asText();
            }
        }
        return "";
    }

    /** The finish reason of a choice, or null when it has none yet. */
    static String finishWire(JsonNode choice) {
        JsonNode f = choice.get("finish_reason");
        return f == null || f.isNull() ? null : f.asText();
    }
}
