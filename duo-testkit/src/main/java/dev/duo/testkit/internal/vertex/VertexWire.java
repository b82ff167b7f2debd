package dev.duo.testkit.internal.vertex;

import dev.duo.spi.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duo.testkit.internal.EchoModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer shapes of both publishers on Vertex AI: Anthropic's Messages (whole, and SSE events
 * {@code message_start} ... {@code message_stop}) and Google's GenerateContentResponse (whole, and
 * one response per SSE event). Streams are returned as pieces where piece {@code i} carries text
 * chunk {@code i}, so a fault "after K chunks" means K chunks of text, whatever events surround them.
 */
final class VertexWire {

    private static final ObjectMapper JSON = Json.mapper();

    private VertexWire() {
    }

    /** What a request asks, read from either body shape. */
    record Ask(String prompt, int promptTokens, Integer maxTokens, List<String> stops) {
    }

    static Ask claudeAsk(JsonNode body) {
        String prompt = "";
        int tokens = EchoModel.count(text(body.get("system")));
        for (JsonNode m : body.path("messages")) {
            String t = text(m.get("content"));
            tokens += EchoModel.count(t);
            if ("user".equals(m.path("role").asText())) {
                prompt = t;
            }
        }
        Integer max = body.hasNonNull("max_tokens") ? body.get("max_tokens").asInt() : null;
        return new Ask(prompt, tokens, max, strings(body.get("stop_sequences")));
    }

    static Ask geminiAsk(JsonNode body) {
        String prompt = "";
        int tokens = 0;
        for (JsonNode p : body.path("systemInstruction").path("parts")) {
            tokens += EchoModel.count(p.path("text").asText(""));
        }
        for (JsonNode c : body.path("contents")) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode p : c.path("parts")) {
                sb.append(p.path("text").asText(""));
            }
            tokens += EchoModel.count(sb.toString());
            if ("user".equals(c.path("role").asText("user"))) {
                prompt = sb.toString();
            }
        }
        JsonNode cfg = body.path("generationConfig");
        Integer max = cfg.hasNonNull("maxOutputTokens") ? cfg.get("maxOutputTokens").asInt() : null;
        return new Ask(prompt, tokens, max, strings(cfg.get("stopSequences")));
    }

    /** Anthropic content: a string, or a list of text blocks. */
    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode block : content) {
            sb.append(block.path("text").asText(""));
        }
        return sb.toString();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(s -> out.add(s.asText()));
        } else if (array != null && array.isTextual()) {
            out.add(array.asText());
        }
        return out;
    }

    private static String stopReason(EchoModel.Answer a) {
        return switch (a.finish()) {
            case LENGTH -> "max_tokens";
            case STOP_SEQUENCE -> "stop_sequence";
            case END -> "end_turn";
        };
    }

    static String claudeWhole(String id, String model, EchoModel.Answer a, List<String> stops) {
        ObjectNode n = JSON.createObjectNode().put("id", id).put("type", "message").put("role", "assistant").put("model", model);
        n.putArray("content").addObject().put("type", "text").put("text", a.text());
        n.put("stop_reason", stopReason(a));
        if (a.finish() == EchoModel.Finish.STOP_SEQUENCE && !stops.isEmpty()) {
            n.put("stop_sequence", stops.get(0));
        } else {
            n.putNull("stop_sequence");
        }
        n.putObject("usage").put("input_tokens", a.promptTokens()).put("output_tokens", a.tokens().size());
        return n.toString();
    }

    private static String event(String type, ObjectNode data) {
        return "event: " + type + "\ndata: " + data + "\n\n";
    }

    static List<String> claudeStream(String id, String model, EchoModel.Answer a) {
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        ObjectNode msg = start.putObject("message").put("id", id).put("type", "message").put("role", "assistant")
                .put("model", model);
        msg.putArray("content");
        msg.putNull("stop_reason");
        msg.putNull("stop_sequence");
        msg.putObject("usage").put("input_tokens", a.promptTokens()).put("output_tokens", 1);
        ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
        blockStart.putObject("content_block").put("type", "text").put("text", "");
        String preamble = event("message_start", start) + event("content_block_start", blockStart)
                + event("ping", JSON.createObjectNode().put("type", "ping"));
        ObjectNode delta = JSON.createObjectNode().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", stopReason(a)).putNull("stop_sequence");
        delta.putObject("usage").put("output_tokens", a.tokens().size());
        String tail = event("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", 0))
                + event("message_delta", delta) + event("message_stop", JSON.createObjectNode().put("type", "message_stop"));
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < a.tokens().size(); i++) {
            ObjectNode d = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
            d.putObject("delta").put("type", "text_delta").put("text", a.tokens().get(i));
            pieces.add((i == 0 ? preamble : "") + event("content_block_delta", d));
        }
        if (pieces.isEmpty()) {
            pieces.add(preamble);
        }
        pieces.add(tail);
        return pieces;
    }

    private static String geminiFinish(EchoModel.Answer a) {
        return a.finish() == EchoModel.Finish.LENGTH ? "MAX_TOKENS" : "STOP";
    }

    private static ObjectNode geminiResponse(String id, String model, String text, String finish, EchoModel.Answer usage) {
        ObjectNode n = JSON.createObjectNode();
        ObjectNode c = n.putArray("candidates").addObject();
        c.putObject("content").put("role", "model").putArray("parts").addObject().put("text", text);
        if (finish != null) {
            c.put("finishReason", finish);
        }
        if (usage != null) {
            n.putObject("usageMetadata").put("promptTokenCount", usage.promptTokens())
                    .put("candidatesTokenCount", usage.tokens().size())
                    .put("totalTokenCount", usage.promptTokens() + usage.tokens().size());
        }
        n.put("modelVersion", model).put("createTime", "2026-01-01T00:00:00.000000Z").put("responseId", id);
        return n;
    }

    static String geminiWhole(String id, String model, EchoModel.Answer a) {
        return geminiResponse(id, model, a.text(), geminiFinish(a), a).toString();
    }

    /** One response per token; the last also carries the finish reason and usage. */
    static List<String> geminiStream(String id, String model, EchoModel.Answer a) {
        List<String> pieces = new ArrayList<>();
        List<String> tokens = a.tokens().isEmpty() ? List.of("") : a.tokens();
        for (int i = 0; i < tokens.size(); i++) {
            boolean last = i == tokens.size() - 1;
            pieces.add("data: " + geminiResponse(id, model, tokens.get(i), last ? geminiFinish(a) : null, last ? a : null)
                    + "\r\n\r\n");
        }
        return pieces;
    }
}
