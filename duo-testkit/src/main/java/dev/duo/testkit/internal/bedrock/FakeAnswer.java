package dev.duo.testkit.internal.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
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
            words += words(block.path("text").asText("")).size();
        }
        for (JsonNode message : request.path("messages")) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode block : message.path("content")) {
                sb.append(sb.length() == 0 ? "" : "\n").append(block.path("text").asText(""));
            }
            words += words(sb.toString()).size();
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
        List<String> echo = words(last);
        if (echo.isEmpty()) {
            echo = List.of("OK");
        }
        List<String> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (String w : echo) {
            if (max != null && out.size() >= max) {
                return new FakeAnswer(List.copyOf(out), "max_tokens", words);
            }
            String next = text + w;
            int cut = firstStop(next, stops);
            if (cut >= 0) {
                String kept = next.substring(text.length(), Math.max(text.length(), cut));
                if (!kept.isEmpty()) {
                    out.add(kept);
                }
                return new FakeAnswer(List.copyOf(out), "stop_sequence", words);
            }
            out.add(w);
            text.append(w);
        }
        return new FakeAnswer(List.copyOf(out), "end_turn", words);
    }

    /** The whole text. */
    public String text() {
        return String.join("", tokens);
    }

    /** A plausible latency in milliseconds, derived from the size so it is stable. */
    public long latencyMs() {
        return 20 + 3L * tokens.size();
    }

    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.trim().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(out.isEmpty() ? w : " " + w);
            }
        }
        return out;
    }

    private static int firstStop(String text, List<String> stops) {
        int best = -1;
        for (String s : stops) {
            int i = text.indexOf(s);
            if (i >= 0 && (best < 0 || i < best)) {
                best = i;
            }
        }
        return best;
    }
}
