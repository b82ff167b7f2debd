package dev.duo.testkit.internal.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duo.testkit.internal.EchoModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The fake's deterministic answer to a Converse request, by the rule every Duo fake shares (see
 * {@code ConformanceServer}): it echoes the words of the last user turn, one token per word (words
 * after the first carry their leading space), stops after {@code maxTokens} tokens (stop reason
 * {@code max_tokens}) or just before the first stop sequence ({@code stop_sequence}), and counts
 * usage in words.
 *
 * @param tokens the answer's tokens, in order (their concatenation is the text)
 * @param stopReason Bedrock's stop reason on the wire ({@code end_turn}, {@code max_tokens}, {@code stop_sequence})
 * @param inputTokens the words of the whole request (system blocks and every turn)
 */
public record FakeAnswer(List<String> tokens, String stopReason, int inputTokens) {

    /** Builds the answer to a parsed Converse request body. */
    public static FakeAnswer to(JsonNode request) {
        String last = "";
        int words = 0;
        for (JsonNode block : request.path("system")) {
            words += EchoModel.count(block.path("text").asText(""));
        }
        for (JsonNode message : request.path("messages")) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode block : message.path("content")) {
                sb.append(sb.length() == 0 ? "" : "\n").append(block.path("text").asText(""));
            }
            words += EchoModel.count(sb.toString());
            if ("user".equals(message.path("role").asText())) {
                last = sb.toString();
            }
        }
        JsonNode cfg = request.path("inferenceConfig");
        Integer max = cfg.hasNonNull("maxTokens") ? Integer.valueOf(cfg.get("maxTokens").asInt()) : null;
        List<String> stops = new ArrayList<>();
        cfg.path("stopSequences").forEach(s -> {
            if (!s.asText().isEmpty()) {
                stops.add(s.asText());
            }
        });
        EchoModel.Answer a = EchoModel.answer(last, words, max, stops);
        String stopReason = switch (a.finish()) {
            case LENGTH -> "max_tokens";
            case STOP_SEQUENCE -> "stop_sequence";
            case END -> "end_turn";
        };
        return new FakeAnswer(a.tokens(), stopReason, words);
    }

    /** The whole text. */
    public String text() {
        return String.join("", tokens);
    }

    /** A plausible latency in milliseconds, derived from the size so it is stable. */
    public long latencyMs() {
        return 20 + 3L * tokens.size();
    }
}
