package dev.duo.fireworks.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duo.spi.Json;
import dev.duo.Message;
import dev.duo.ModelParams;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.RequestMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes OpenAI request bodies. Only parameters someone set are sent: a server's own default is
 * better than a guess of ours. A trailing assistant message goes as it is: OpenAI-compatible
 * servers continue it, and the answer's text is what the model added.
 */
final class RequestBodies {

    static final ObjectMapper JSON = Json.mapper();

    private RequestBodies() {
    }

    /** The path under the endpoint for this request's mode. */
    static String path(RequestMode mode) {
        return mode == RequestMode.TEXT ? "completions" : "chat/completions";
    }

    /**
     * The JSON body as UTF-8 bytes, written straight with a generator: no tree, no intermediate
     * string (this runs on every call).
     */
    static byte[] body(String modelId, ModelRequest request, boolean stream) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("model", modelId);
            if (request.mode() == RequestMode.TEXT) {
                g.writeStringField("prompt", request.messages().get(0).content());
            } else {
                g.writeArrayFieldStart("messages");
                for (Message m : request.messages()) {
                    g.writeStartObject();
                    g.writeStringField("role", m.role().wireName());
                    g.writeStringField("content", m.content());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            ModelParams p = request.params();
            if (p.maxTokens().isPresent()) {
                g.writeNumberField("max_tokens", p.maxTokens().getAsInt());
            }
            if (p.temperature().isPresent()) {
                g.writeNumberField("temperature", p.temperature().getAsDouble());
            }
            if (p.topP().isPresent()) {
                g.writeNumberField("top_p", p.topP().getAsDouble());
            }
            if (p.stop().isPresent()) {
                g.writeArrayFieldStart("stop");
                for (String s : p.stop().get()) {
                    g.writeString(s);
                }
                g.writeEndArray();
            }
            if (stream) {
                g.writeBooleanField("stream", true);
                g.writeObjectFieldStart("stream_options");
                g.writeBooleanField("include_usage", true);
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
