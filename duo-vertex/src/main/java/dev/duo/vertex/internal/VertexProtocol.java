package dev.duo.vertex.internal;

import dev.duo.spi.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duo.Completion;
import dev.duo.spi.ModelRequest;

/**
 * One publisher's wire format on Vertex AI: the method names, the request body, and how whole
 * answers and stream events read. {@link ClaudeProtocol} (Anthropic's Messages API) and
 * {@link GeminiProtocol} (Google's generateContent) implement it.
 */
interface VertexProtocol {

    ObjectMapper JSON = Json.mapper();

    /** The method after the model's name: {@code rawPredict}, {@code streamGenerateContent?alt=sse} ... */
    String method(boolean stream);

    /** The request body as UTF-8 JSON; only parameters someone set are sent (and those the API requires). */
    byte[] body(ModelRequest request, boolean stream);

    /**
     * A whole answer: text, finish reason, usage and the body's id (latency and header request id
     * are the caller's).
     *
     * @throws IllegalArgumentException when the body is not the answer the protocol describes
     */
    Completion.Builder whole(JsonNode root);

    /** A fresh reader for one stream's events. */
    StreamDecoder decoder();

    /** Reads one streamed answer's events in order. */
    interface StreamDecoder {

        /**
         * Takes one event (already checked not to be an error) and returns the text it adds ("" for none).
         *
         * @throws IllegalArgumentException when the event is not one the protocol describes
         */
        String accept(JsonNode event);

        /** Whether the answer said it was complete (so the end of the stream is not a truncation). */
        boolean finished();

        /** The finished answer's finish reason, usage and id (text and latency are the caller's). */
        Completion.Builder result();
    }
}
