package dev.duo.testkit.internal.bedrock;

import dev.duo.spi.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * Bedrock's wire shapes as the fake writes them: Converse JSON, event-stream frames encoded with the
 * AWS SDK's own encoder, and the error types (name and status) of Bedrock's exceptions.
 */
public final class BedrockWire {

    static final ObjectMapper JSON = Json.mapper();

    private BedrockWire() {
    }

    /** The Bedrock exception name an HTTP status stands for. */
    public static String errorType(int status) {
        return switch (status) {
            case 400 -> "ValidationException";
            case 401 -> "UnrecognizedClientException";
            case 403 -> "AccessDeniedException";
            case 404 -> "ResourceNotFoundException";
            case 408 -> "ModelTimeoutException";
            case 424 -> "ModelErrorException";
            case 429 -> "ThrottlingException";
            case 500 -> "InternalServerException";
            case 503 -> "ServiceUnavailableException";
            default -> status >= 500 ? "InternalServerException" : "ValidationException";
        };
    }

    /**
     * Splits a fault message of the form {@code "ModelNotReadyException: text"} into type and text,
     * so a test can ask for an exception the status alone does not name.
     *
     * @return {type, message}
     */
    public static String[] typeAndMessage(int status, String message) {
        if (message != null) {
            int colon = message.indexOf(':');
            if (colon > 0 && message.substring(0, colon).matches("[A-Z][A-Za-z]*Exception")) {
                return new String[] {message.substring(0, colon), message.substring(colon + 1).strip()};
            }
        }
        String type = errorType(status);
        return new String[] {type, message != null ? message : defaultMessage(type)};
    }

    private static String defaultMessage(String type) {
        return switch (type) {
            case "ThrottlingException" -> "Too many requests, please wait before trying again.";
            case "ModelNotReadyException" -> "The model is not ready to serve inference requests.";
            case "ServiceUnavailableException" -> "The service is temporarily unavailable.";
            case "ModelTimeoutException" -> "The model took too long to respond.";
            case "InternalServerException" -> "An internal server error occurred.";
            case "ModelErrorException", "ModelStreamErrorException" -> "The model failed to process the request.";
            case "AccessDeniedException" -> "You don't have access to the model with the specified model ID.";
            case "ResourceNotFoundException" -> "The specified model was not found.";
            case "ServiceQuotaExceededException" -> "Your request exceeds the service quota for your account.";
            default -> "The request was invalid.";
        };
    }

    /** The JSON body of an error answer. */
    public static String errorBody(String message) {
        return JSON.createObjectNode().put("message", message).toString();
    }

    /** The member name of an exception inside a ConverseStream ({@code throttlingException}). */
    public static String streamExceptionType(String type) {
        String t = type.equals("ModelErrorException") ? "ModelStreamErrorException" : type;
        return Character.toLowerCase(t.charAt(0)) + t.substring(1);
    }

    /** The Converse JSON answer. */
    public static String converseBody(FakeAnswer a) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode message = root.putObject("output").putObject("message");
        message.put("role", "assistant");
        message.putArray("content").addObject().put("text", a.text());
        root.put("stopReason", a.stopReason());
        usage(root.putObject("usage"), a);
        root.putObject("metrics").put("latencyMs", a.latencyMs());
        return root.toString();
    }

    private static void usage(ObjectNode u, FakeAnswer a) {
        u.put("inputTokens", a.inputTokens()).put("outputTokens", a.tokens().size())
                .put("totalTokens", a.inputTokens() + a.tokens().size());
    }

    /** The event frames of a whole ConverseStream answer, in order; deltas are frames 1 to n. */
    public static java.util.List<byte[]> streamFrames(FakeAnswer a) {
        java.util.List<byte[]> frames = new java.util.ArrayList<>();
        frames.add(event("messageStart", JSON.createObjectNode().put("role", "assistant")));
        for (String token : a.tokens()) {
            ObjectNode delta = JSON.createObjectNode().put("contentBlockIndex", 0);
            delta.putObject("delta").put("text", token);
            frames.add(event("contentBlockDelta", delta));
        }
        frames.add(event("contentBlockStop", JSON.createObjectNode().put("contentBlockIndex", 0)));
        frames.add(event("messageStop", JSON.createObjectNode().put("stopReason", a.stopReason())));
        ObjectNode meta = JSON.createObjectNode();
        usage(meta.putObject("usage"), a);
        meta.putObject("metrics").put("latencyMs", a.latencyMs());
        frames.add(event("metadata", meta));
        return frames;
    }

    /** An event frame. */
    public static byte[] event(String type, ObjectNode payload) {
        Map<String, HeaderValue> h = new LinkedHashMap<>();
        h.put(":event-type", HeaderValue.fromString(type));
        h.put(":content-type", HeaderValue.fromString("application/json"));
        h.put(":message-type", HeaderValue.fromString("event"));
        return bytes(new Message(h, payload.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** An exception frame, as Bedrock sends when a stream fails after it started. */
    public static byte[] exception(String type, String message) {
        Map<String, HeaderValue> h = new LinkedHashMap<>();
        h.put(":exception-type", HeaderValue.fromString(streamExceptionType(type)));
        h.put(":content-type", HeaderValue.fromString("application/json"));
        h.put(":message-type", HeaderValue.fromString("exception"));
        return bytes(new Message(h, errorBody(message).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** A frame whose checksums are wrong: what a corrupted stream looks like. */
    public static byte[] corruptFrame() {
        byte[] good = event("contentBlockDelta", JSON.createObjectNode().put("contentBlockIndex", 0));
        good[9] ^= 0x5A; // inside the prelude CRC
        good[good.length - 1] ^= 0x5A;
        return good;
    }

    private static byte[] bytes(Message m) {
        ByteBuffer b = m.toByteBuffer();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
