package dev.duo.testkit.internal.openai;

import dev.duo.spi.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duo.testkit.internal.EchoModel;
import java.util.ArrayList;
import java.util.List;

/** The JSON shapes of OpenAI's answers: whole, and as stream chunks. */
final class OpenAiJson {

    private static final ObjectMapper JSON = Json.mapper();

    private OpenAiJson() {
    }

    private static ObjectNode head(String id, String model, boolean chat, boolean chunk) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", id)
                .put("object", chat ? (chunk ? "chat.completion.chunk" : "chat.completion") : "text_completion")
                .put("created", 1_700_000_000L)
                .put("model", model);
        return n;
    }

    private static void usage(ObjectNode n, EchoModel.Answer a) {
        n.putObject("usage").put("prompt_tokens", a.promptTokens()).put("completion_tokens", a.tokens().size())
                .put("total_tokens", a.promptTokens() + a.tokens().size());
    }

    static String whole(String id, String model, boolean chat, EchoModel.Answer a) {
        ObjectNode n = head(id, model, chat, false);
        ObjectNode choice = n.putArray("choices").addObject().put("index", 0);
        if (chat) {
            choice.putObject("message").put("role", "assistant").put("content", a.text());
        } else {
            choice.put("text", a.text()).putNull("logprobs");
        }
        choice.put("finish_reason", finishReason(a));
        usage(n, a);
        return n.toString();
    }

    /** One chunk per token, a finishing chunk, and (when asked) a usage chunk with empty choices. */
    static List<String> chunks(String id, String model, boolean chat, EchoModel.Answer a, boolean includeUsage) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.tokens().size(); i++) {
            out.add(piece(id, model, chat, a.tokens().get(i), null, i == 0));
        }
        out.add(piece(id, model, chat, "", finishReason(a), a.tokens().isEmpty()));
        if (includeUsage) {
            ObjectNode n = head(id, model, chat, true);
            n.putArray("choices");
            usage(n, a);
            out.add(n.toString());
        }
        return out;
    }

    private static String piece(String id, String model, boolean chat, String text, String finish, boolean first) {
        ObjectNode n = head(id, model, chat, true);
        ObjectNode choice = n.putArray("choices").addObject().put("index", 0);
        if (chat) {
            ObjectNode delta = choice.putObject("delta");
            if (first) {
                delta.put("role", "assistant");
            }
            if (finish == null) {
                delta.put("content", text);
            }
        } else {
            choice.put("text", text).putNull("logprobs");
        }
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return n.toString();
    }

    /** OpenAI's name for why an answer ended: a stop sequence is reported as {@code stop}, as OpenAI does. */
    static String finishReason(EchoModel.Answer a) {
        return a.finish() == EchoModel.Finish.LENGTH ? "length" : "stop";
    }
}
