package dev.duo.testkit.internal.azure;

import dev.duo.spi.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duo.testkit.internal.EchoModel;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;

/**
 * Azure's content filtering, triggered by words: a prompt containing {@code promptWord} is refused
 * with HTTP 400 {@code content_filter} (Azure's body, with {@code innererror.content_filter_result});
 * an answer reaching {@code answerWord} stops just before it with {@code finish_reason:
 * "content_filter"} and {@code content_filter_results} marking the category filtered, whole or
 * streamed (after Azure's first chunk of {@code prompt_filter_results}).
 *
 * @param promptWord refuse prompts containing it, or null
 * @param answerWord cut answers at it, or null
 */
public record ContentFilter(String promptWord, String answerWord) {

    private static final ObjectMapper JSON = Json.mapper();

    /** No filtering. */
    public static final ContentFilter NONE = new ContentFilter(null, null);

    /** The filtered answer (or refusal) for this request, or null when the filter lets it through. */
    MockResponse apply(ObjectNode body, boolean chat) {
        if (promptWord == null && answerWord == null) {
            return null;
        }
        String prompt = prompt(body, chat);
        if (promptWord != null && prompt.contains(promptWord)) {
            ObjectNode root = JSON.createObjectNode();
            ObjectNode e = root.putObject("error");
            e.put("message", "The response was filtered due to the prompt triggering Azure OpenAI's content management"
                    + " policy. Please modify your prompt and retry.").putNull("type").put("param", "prompt")
                    .put("code", "content_filter").put("status", 400);
            ObjectNode inner = e.putObject("innererror").put("code", "ResponsibleAIPolicyViolation");
            categories(inner.putObject("content_filter_result"), "violence", "medium");
            return new MockResponse.Builder().code(400).setHeader("Content-Type", "application/json").body(root.toString()).build();
        }
        if (answerWord == null || !prompt.contains(answerWord)) {
            return null;
        }
        List<String> kept = new ArrayList<>();
        for (String t : EchoModel.tokens(prompt)) {
            if (t.contains(answerWord)) {
                break;
            }
            kept.add(t);
        }
        String id = "chatcmpl-filtered";
        String model = body.path("model").asText();
        if (body.path("stream").asBoolean(false)) {
            StringBuilder sse = new StringBuilder();
            ObjectNode first = head(id, model, "chat.completion.chunk");
            first.putArray("choices");
            promptFilterResults(first);
            sse.append("data: ").append(first).append("\n\n");
            for (String t : kept) {
                ObjectNode n = head(id, model, "chat.completion.chunk");
                ObjectNode c = n.putArray("choices").addObject().put("index", 0);
                c.putObject("delta").put("content", t);
                c.putNull("finish_reason");
                categories(c.putObject("content_filter_results"), null, null);
                sse.append("data: ").append(n).append("\n\n");
            }
            ObjectNode last = head(id, model, "chat.completion.chunk");
            ObjectNode c = last.putArray("choices").addObject().put("index", 0);
            c.putObject("delta");
            c.put("finish_reason", "content_filter");
            categories(c.putObject("content_filter_results"), "violence", "medium");
            sse.append("data: ").append(last).append("\n\n").append("data: [DONE]\n\n");
            return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream").body(sse.toString()).build();
        }
        ObjectNode n = head(id, model, chat ? "chat.completion" : "text_completion");
        ObjectNode c = n.putArray("choices").addObject().put("index", 0);
        String text = String.join("", kept);
        if (chat) {
            c.putObject("message").put("role", "assistant").put("content", text);
        } else {
            c.put("text", text);
        }
        c.put("finish_reason", "content_filter");
        categories(c.putObject("content_filter_results"), "violence", "medium");
        promptFilterResults(n);
        n.putObject("usage").put("prompt_tokens", EchoModel.count(prompt)).put("completion_tokens", kept.size())
                .put("total_tokens", EchoModel.count(prompt) + kept.size());
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(n.toString()).build();
    }

    private static String prompt(ObjectNode body, boolean chat) {
        if (!chat) {
            return body.path("prompt").asText("");
        }
        String last = "";
        JsonNode messages = body.get("messages");
        if (messages instanceof ArrayNode a) {
            for (JsonNode m : a) {
                if ("user".equals(m.path("role").asText())) {
                    last = m.path("content").asText("");
                }
            }
        }
        return last;
    }

    private static ObjectNode head(String id, String model, String object) {
        return JSON.createObjectNode().put("id", id).put("object", object).put("created", 1_700_000_000L).put("model", model);
    }

    private static void promptFilterResults(ObjectNode n) {
        ObjectNode r = n.putArray("prompt_filter_results").addObject().put("prompt_index", 0);
        categories(r.putObject("content_filter_results"), null, null);
    }

    /** The four categories, all safe but {@code filtered} (at {@code severity}). */
    private static void categories(ObjectNode n, String filtered, String severity) {
        for (String cat : new String[] {"hate", "self_harm", "sexual", "violence"}) {
            boolean hit = cat.equals(filtered);
            n.putObject(cat).put("filtered", hit).put("severity", hit ? severity : "safe");
        }
    }
}
