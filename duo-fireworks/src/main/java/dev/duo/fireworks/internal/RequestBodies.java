package dev.duo.fireworks.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duo.spi.Json;
import dev.duo.Message;
import dev.duo.ModelParams;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.RequestMode;
import java.util.List;

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
     * The JSON body as UTF-8 bytes, written straight into one pre-sized buffer: no tree, no
     * intermediate string (this runs on every call).
     */
    static JsonBytes body(String modelId, ModelRequest request, boolean stream) {
        return body(modelId, request, stream, null);
    }

    /**
     * As above; {@code known} (may be null) holds the JSON text of system messages sent before, so
     * that a constant system prompt is escaped once, not on every call.
     */
    static JsonBytes body(String modelId, ModelRequest request, boolean stream, KnownTexts known) {
        return body(modelId, request, stream, known, new JsonBytes(sizeHint(modelId, request)));
    }

    /** As above, written into {@code out} (sized by {@link #sizeHint}). */
    static JsonBytes body(String modelId, ModelRequest request, boolean stream, KnownTexts known, JsonBytes out) {
        out.raw("{\"model\":").string(modelId);
        if (request.mode() == RequestMode.TEXT) {
            out.raw(",\"prompt\":").string(request.messages().get(0).content());
        } else {
            out.raw(",\"messages\":[");
            List<Message> messages = request.messages();
            for (int i = 0; i < messages.size(); i++) {
                Message m = messages.get(i);
                out.raw(i == 0 ? "{\"role\":" : ",{\"role\":").string(m.role().wireName()).raw(",\"content\":\"");
                byte[] escaped = known != null && m.role() == dev.duo.Role.SYSTEM ? known.escaped(m.content()) : null;
                if (escaped != null) {
                    out.raw(escaped);
                } else {
                    out.escaped(m.content());
                }
                out.raw("\"}");
            }
            out.raw(']');
        }
        ModelParams p = request.params();
        if (p.maxTokens().isPresent()) {
            out.raw(",\"max_tokens\":").number(p.maxTokens().getAsInt());
        }
        if (p.temperature().isPresent()) {
            out.raw(",\"temperature\":").number(p.temperature().getAsDouble());
        }
        if (p.topP().isPresent()) {
            out.raw(",\"top_p\":").number(p.topP().getAsDouble());
        }
        if (p.stop().isPresent()) {
            out.raw(",\"stop\":[");
            List<String> stops = p.stop().get();
            for (int i = 0; i < stops.size(); i++) {
                if (i > 0) {
                    out.raw(',');
                }
                out.string(stops.get(i));
            }
            out.raw(']');
        }
        if (stream) {
            out.raw(",\"stream\":true,\"stream_options\":{\"include_usage\":true}");
        }
        return out.raw('}');
    }

    /**
     * Room for the body as most prompts encode (ASCII text, a newline or quote escaped every few dozen
     * characters), so that the buffer seldom grows: growing copies the whole body each time.
     */
    static int sizeHint(String modelId, ModelRequest request) {
        long n = 160 + modelId.length();
        List<Message> messages = request.messages();
        for (int i = 0; i < messages.size(); i++) {
            int len = messages.get(i).content().length();
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
     * The JSON text (escaped, UTF-8, without quotes) of the system messages a client sends again and
     * again: a system template renders the same text on every call (or the same for the same few
     * inputs, such as the language), so a text seen twice is escaped once and kept. Texts are
     * compared by length, then with {@link String#equals} (a vectorised JDK intrinsic, some twenty
     * times cheaper than escaping). Holds a few texts of bounded size; thread-safe (copy on write).
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
                if (same(k.text, text)) {
                    return k.escaped;
                }
            }
            if (text.length() > MAX_CHARS) {
                return null;
            }
            String once = seenOnce;
            if (once == null || !same(once, text)) {
                seenOnce = text;
                return null;
            }
            byte[] escaped = JsonBytes.escape(text);
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

        private static boolean same(String a, String b) {
            return a == b || a.length() == b.length() && a.equals(b);
        }
    }
}
