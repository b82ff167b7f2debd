package dev.duo.testkit.internal.record;

import dev.duo.spi.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duo.FinishReason;
import dev.duo.Message;
import dev.duo.ModelParams;
import dev.duo.Role;
import dev.duo.Usage;
import dev.duo.spi.RequestMode;
import dev.duo.testkit.record.Exchange;
import dev.duo.testkit.record.Recording;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The file format of a recording: {@code {"format": 1, "exchanges": [{feature, model, call, request:
 * {mode, messages, params}, response: {text, chunks, finish_reason, usage, request_id}}]}}. Written
 * by hand through the tree model so the key order is fixed and only parameters that were set appear.
 */
public final class RecordingJson {

    /** The format version written. */
    public static final int FORMAT = 1;

    private static final ObjectMapper JSON = Json.mapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RecordingJson() {
    }

    /** Pretty JSON, ending with a newline. */
    public static String write(Recording recording) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        ArrayNode list = root.putArray("exchanges");
        for (Exchange e : recording.exchanges()) {
            ObjectNode x = list.addObject();
            x.put("feature", e.feature());
            x.put("model", e.model());
            x.put("call", e.streamed() ? "stream" : "complete");
            ObjectNode req = x.putObject("request");
            req.put("mode", e.mode().name().toLowerCase(Locale.ROOT));
            ArrayNode msgs = req.putArray("messages");
            for (Message m : e.messages()) {
                msgs.addObject().put("role", m.role().wireName()).put("content", m.content());
            }
            writeParams(req.putObject("params"), e.params());
            ObjectNode res = x.putObject("response");
            res.put("text", e.text());
            ArrayNode chunks = res.putArray("chunks");
            e.chunks().forEach(chunks::add);
            res.put("finish_reason", e.finishReason().name());
            res.putObject("usage").put("input_tokens", e.usage().inputTokens()).put("output_tokens", e.usage().outputTokens());
            res.put("request_id", e.requestId());
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a recording: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the format back.
     *
     * @throws IllegalArgumentException naming the source, the exchange and the field that is wrong
     */
    public static Recording parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the recording " + source + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.path("format").asInt() != FORMAT || !root.path("exchanges").isArray()) {
            throw new IllegalArgumentException("the recording " + source + " is not a format-" + FORMAT
                    + " recording (expected {\"format\": 1, \"exchanges\": [...]})");
        }
        List<Exchange> out = new ArrayList<>();
        int i = 0;
        for (JsonNode x : root.path("exchanges")) {
            i++;
            try {
                out.add(exchange(x));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("the recording " + source + " has a malformed exchange #" + i + ": "
                        + e.getMessage(), e);
            }
        }
        return new Recording(out);
    }

    private static Exchange exchange(JsonNode x) {
        JsonNode req = need(x, "request");
        JsonNode res = need(x, "response");
        List<Message> messages = new ArrayList<>();
        for (JsonNode m : need(req, "messages")) {
            messages.add(new Message(Role.fromWireName(need(m, "role").asText()), need(m, "content").asText()));
        }
        List<String> chunks = new ArrayList<>();
        for (JsonNode c : res.path("chunks")) {
            chunks.add(c.asText());
        }
        JsonNode usage = res.path("usage");
        return new Exchange(
                text(x, "feature"),
                need(x, "model").asText(),
                "stream".equals(x.path("call").asText()),
                RequestMode.valueOf(need(req, "mode").asText().toUpperCase(Locale.ROOT)),
                messages,
                readParams(req.path("params")),
                need(res, "text").asText(),
                chunks,
                FinishReason.valueOf(need(res, "finish_reason").asText()),
                new Usage(usage.path("input_tokens").asLong(), usage.path("output_tokens").asLong()),
                text(res, "request_id"));
    }

    private static void writeParams(ObjectNode p, ModelParams params) {
        params.maxTokens().ifPresent(v -> p.put("max_tokens", v));
        params.temperature().ifPresent(v -> p.put("temperature", v));
        params.topP().ifPresent(v -> p.put("top_p", v));
        params.stop().ifPresent(v -> v.forEach(p.putArray("stop")::add));
        params.timeout().ifPresent(v -> p.put("timeout_ms", v.toMillis()));
    }

    private static ModelParams readParams(JsonNode p) {
        ModelParams.Builder b = ModelParams.builder();
        if (p.has("max_tokens")) b.maxTokens(p.get("max_tokens").asInt());
        if (p.has("temperature")) b.temperature(p.get("temperature").asDouble());
        if (p.has("top_p")) b.topP(p.get("top_p").asDouble());
        if (p.has("stop")) {
            List<String> stop = new ArrayList<>();
            p.get("stop").forEach(s -> stop.add(s.asText()));
            b.stop(stop);
        }
        if (p.has("timeout_ms")) b.timeout(Duration.ofMillis(p.get("timeout_ms").asLong()));
        return b.build();
    }

    private static JsonNode need(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return v;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
