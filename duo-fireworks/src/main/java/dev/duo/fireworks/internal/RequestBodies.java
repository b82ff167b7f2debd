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
    static Encoded body(String modelId, ModelRequest request, boolean stream) {
        return body(modelId, request, stream, null);
    }

    /**
     * As above; {@code known} (may be null) holds the JSON text of system messages sent before, so
     * that a constant system prompt is escaped once, not on every call.
     */
    static Encoded body(String modelId, ModelRequest request, boolean stream, KnownTexts known) {
        Encoded out = new Encoded(sizeHint(modelId, request));
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
                    byte[] escaped = known != null && m.role() == dev.duo.Role.SYSTEM ? known.escaped(m.content()) : null;
                    if (escaped != null) {
                        g.writeFieldName("content");
                        g.writeRawUTF8String(escaped, 0, escaped.length);
                    } else {
                        g.writeStringField("content", m.content());
                    }
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
        return out;
    }

    /**
     * Room for the body as most prompts encode (ASCII text, a newline or quote escaped every few dozen
     * characters), so that the buffer seldom grows: growing copies the whole body each time.
     */
    static int sizeHint(String modelId, ModelRequest request) {
        long n = 160 + modelId.length();
        for (Message m : request.messages()) {
            int len = m.content().length();
            n += 40 + len + (len >> 3);
        }
        if (request.params().stop().isPresent()) {
            for (String stop : request.params().stop().get()) {
                n += 8 + 2L * stop.length();
            }
        }
        return (int) Math.min(n, Integer.MAX_VALUE - 16);
    }

    /**
     * An encoded body: the buffer written into and how much of it is the body, sent as it is (no
     * copy to an exact-size array).
     */
    static final class Encoded extends ByteArrayOutputStream {
        Encoded(int size) {
            super(size);
        }

        /** The buffer; the body is its first {@link #length()} bytes. */
        byte[] bytes() {
            return buf;
        }

        int length() {
            return count;
        }

        /** The body as text, for the wire log. */
        String text() {
            return new String(buf, 0, count, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * The JSON text (escaped, UTF-8, without quotes) of the system messages a client sends again and
     * again: a constant template's text is the same string on every call, so a string seen twice by
     * identity is escaped once and kept. Identity, not equality: comparing would cost what escaping
     * costs. Holds a few texts of bounded size; thread-safe (copy on write).
     */
    static final class KnownTexts {
        private static final int MAX_TEXTS = 8;
        private static final int MAX_CHARS = 64 * 1024;

        private record Known(String text, byte[] escaped) {
        }

        private volatile Known[] known = new Known[0];
        private volatile String seenOnce;

        /** The escaped text of {@code text} if it was sent before, else null (and it is remembered). */
        byte[] escaped(String text) {
            for (Known k : known) {
                if (k.text == text) {
                    return k.escaped;
                }
            }
            if (text.length() > MAX_CHARS) {
                return null;
            }
            if (seenOnce != text) {
                seenOnce = text;
                return null;
            }
            byte[] escaped = escape(text);
            synchronized (this) {
                Known[] now = known;
                Known[] next = java.util.Arrays.copyOf(now, Math.min(MAX_TEXTS, now.length + 1));
                if (now.length == MAX_TEXTS) {
                    System.arraycopy(now, 1, next, 0, MAX_TEXTS - 1);  // the oldest goes
                }
                next[next.length - 1] = new Known(text, escaped);
                known = next;
            }
            return escaped;
        }

        /** The text as the generator writes a string value, without its quotes. */
        private static byte[] escape(String text) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 16);
            try (JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
                g.writeString(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] quoted = out.toByteArray();
            return java.util.Arrays.copyOfRange(quoted, 1, quoted.length - 1);
        }
    }
}
