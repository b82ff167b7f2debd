package dev.duo.testkit.internal.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The fake's deterministic answer to a Converse request: a sentence built from the last user turn,
 * cut into word tokens, truncated at {@code maxTokens} ({@code max_tokens}) or before the first
 * stop sequence it contains ({@code stop_sequence}), whichever comes first.
 *
 * @param tokens the answer's tokens, in order (their concatenation is the text)
 * @param stopReason Bedrock's stop reason on the wire ({@code end_turn}, {@code max_tokens}, {@code stop_sequence})
 * @param inputTokens the prompt's size, counted in words
 */
public record FakeAnswer(List<String> tokens, String stopReason, int inputTokens) {

    /** Builds the answer to a parsed Converse request body. */
    public static FakeAnswer to(String modelId, JsonNode request) {
        String last = "";
        int words = 0;
        for (JsonNode block : request.path("system")) {
            words += countWords(block.path("text").asText(""));
        }
        for (JsonNode message : request.path("messages")) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode block : message.path("content")) {
                sb.append(block.path("text").asText(""));
            }
            words += countWords(sb.toString());
            if ("user".equals(message.path("role").asText())) {
                last = sb.toString();
            }
        }
        String said = last.strip().replaceAll("\\s+", " ");
        if (said.length() > 200) {
            said = said.substring(0, 200);
        }
        String full = "Fake Bedrock " + modelId + " answers: " + (said.isEmpty() ? "(nothing asked)" : said)
                + ". This answer is deterministic.";
        JsonNode cfg = request.path("inferenceConfig");
        String stopReason = "end_turn";
        for (JsonNode stop : cfg.path("stopSequences")) {
            int at = full.indexOf(stop.asText());
            if (!stop.asText().isEmpty() && at >= 0) {
                full = full.substring(0, at);
                stopReason = "stop_sequence";
            }
        }
        List<String> tokens = split(full);
        if (cfg.hasNonNull("maxTokens") && cfg.get("maxTokens").asInt() < tokens.size()) {
            tokens = tokens.subList(0, Math.max(0, cfg.get("maxTokens").asInt()));
            stopReason = "max_tokens";
        }
        return new FakeAnswer(List.copyOf(tokens), stopReason, Math.max(1, words));
    }

    /** The whole text. */
    public String text() {
        return String.join("", tokens);
    }

    /** A plausible latency in milliseconds, derived from the size so it is stable. */
    public long latencyMs() {
        return 20 + 3L * tokens.size();
    }

    private static int countWords(String s) {
        String t = s.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    // Tokens are words with their following whitespace, so their concatenation is the text exactly.
    private static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i)) && (i + 1 == text.length() || !Character.isWhitespace(text.charAt(i + 1)))) {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }
}
