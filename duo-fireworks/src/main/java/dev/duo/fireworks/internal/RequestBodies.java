package dev.duo.fireworks.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duo.Message;
import dev.duo.ModelParams;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.RequestMode;
import java.io.UncheckedIOException;

/**
 * Writes OpenAI request bodies. Only parameters someone set are sent: a server's own default is
 * better than a guess of ours. A trailing assistant message goes as it is: OpenAI-compatible
 * servers continue it, and the answer's text is what the model added.
 */
final class RequestBodies {

    static final ObjectMapper JSON = new ObjectMapper();

    private RequestBodies() {
    }

    /** The path under the endpoint for this request's mode. */
    static String path(RequestMode mode) {
        return mode == RequestMode.TEXT ? "completions" : "chat/completions";
    }

    static String body(String modelId, ModelRequest request, boolean stream) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", modelId);
        if (request.mode() == RequestMode.TEXT) {
            root.put("prompt", request.messages().get(0).content());
        } else {
            ArrayNode messages = root.putArray("messages");
            for (Message m : request.messages()) {
                messages.addObject().put("role", m.role().wireName()).put("content", m.content());
            }
        }
        ModelParams p = request.params();
        p.maxTokens().ifPresent(v -> root.put("max_tokens", v));
        p.temperature().ifPresent(v -> root.put("temperature", v));
        p.topP().ifPresent(v -> root.put("top_p", v));
        p.stop().ifPresent(stops -> {
            ArrayNode a = root.putArray("stop");
            stops.forEach(a::add);
        });
        if (stream) {
            root.put("stream", true);
            root.putObject("stream_options").put("include_usage", true);
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
