package dev.duo.fireworks.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.duo.FinishReason;
import dev.duo.Usage;
import java.io.IOException;

/** Reads the parts of OpenAI answers (whole or streamed chunks) that a {@code Completion} holds. */
final class Answers {

    private Answers() {
    }

    static FinishReason finishReason(String wire) {
        if (wire == null) {
            return FinishReason.OTHER;
        }
        return switch (wire) {
            case "stop", "eos", "end_turn" -> FinishReason.STOP;
            case "length", "max_tokens" -> FinishReason.LENGTH;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
            default -> FinishReason.OTHER;
        };
    }

    /** Usage from a {@code usage} object; null when absent or empty. */
    static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        long in = usage.path("prompt_tokens").asLong(0);
        long out = usage.path("completion_tokens").asLong(0);
        return new Usage(Math.max(0, in), Math.max(0, out));
    }

    /** The text of a choice: {@code message.content} or {@code delta.content} (chat), {@code text} (completions). */
    static String text(JsonNode choice) {
        JsonNode t = choice.get("text");
        if (t != null && t.isTextual()) {
            return t.asText();
        }
        JsonNode holder = choice.has("delta") ? choice.get("delta") : choice.get("message");
        if (holder != null) {
            JsonNode c = holder.get("content");
            if (c != null && c.isTextual()) {
                return c.asText();
            }
        }
        return "";
    }

    /** The finish reason of a choice, or null when it has none yet. */
    static String finishWire(JsonNode choice) {
        JsonNode f = choice.get("finish_reason");
        return f == null || f.isNull() ? null : f.asText();
    }

    /**
     * What a whole chat or completions answer (or one streamed chunk) says, read with the streaming
     * parser for the fields a completion holds (no tree of the rest).
     *
     * @param usage null when the answer has none
     * @param id the answer's {@code id}, or null
     */
    record Whole(String text, String finishWire, Usage usage, String id) {
    }

    /**
     * Reads an ordinary answer or chunk: an object whose {@code id} is a string, whose first choice holds its
     * text as a string, and whose usage counts are whole numbers. Anything else (an error object, a
     * malformed or odd answer, a field read twice) gives null, and the caller reads the answer as a
     * tree, as it always did, for the same result and the same errors.
     */
    static Whole whole(String body) {
        try (JsonParser p = RequestBodies.JSON.getFactory().createParser(body)) {
            return whole(p);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * As {@link #whole(String)}, from the body's UTF-8 bytes (null, too, for bytes that are not UTF-8):
     * by {@link AnswerScanner} when it vouches for the answer, else by Jackson's parser.
     */
    static Whole whole(byte[] body) {
        Whole read = AnswerScanner.read(body);
        return read != null ? read : wholeByJackson(body);
    }

    /** As {@link #whole(byte[])}, always with Jackson's parser. */
    static Whole wholeByJackson(byte[] body) {
        try (JsonParser p = RequestBodies.JSON.getFactory().createParser(body)) {
            return whole(p);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Whole whole(JsonParser p) throws IOException {
        {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Choice choice = null;
            Usage usage = null;
            String id = null;
            boolean sawChoices = false;
            boolean sawUsage = false;
            boolean sawId = false;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                if (t != JsonToken.FIELD_NAME) {
                    return null;
                }
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "choices" -> {
                        if (sawChoices || v != JsonToken.START_ARRAY || p.nextToken() != JsonToken.START_OBJECT) {
                            return null;
                        }
                        sawChoices = true;
                        choice = choice(p);
                        if (choice == null) {
                            return null;
                        }
                        for (JsonToken rest = p.nextToken(); rest != JsonToken.END_ARRAY; rest = p.nextToken()) {
                            p.skipChildren();
                        }
                    }
                    case "usage" -> {
                        if (sawUsage) {
                            return null;
                        }
                        sawUsage = true;
                        if (v == JsonToken.START_OBJECT) {
                            usage = usage(p);
                            if (usage == null) {
                                return null;
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "id" -> {
                        if (sawId || v != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        sawId = true;
                        id = p.getText();
                    }
                    case "error" -> {
                        return null;
                    }
                    default -> p.skipChildren();
                }
            }
            if (choice == null) {
                return null;
            }
            return new Whole(choice.text(), choice.finish, usage, id);
        }
    }

    /** The first choice's fields, read up to its end; null when one is not as expected. */
    private static Choice choice(JsonParser p) throws IOException {
        Choice c = new Choice();
        int seen = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            int bit = switch (name) {
                case "text" -> 1;
                case "message" -> 2;
                case "delta" -> 4;
                case "finish_reason" -> 8;
                default -> 0;
            };
            if ((seen & bit) != 0) {
                return null;
            }
            seen |= bit;
            switch (bit) {
                case 1 -> {
                    if (v != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    c.text = p.getText();
                }
                case 2, 4 -> {
                    if (v != JsonToken.START_OBJECT) {
                        return null;
                    }
                    String content = content(p);
                    if (content == BAD) {
                        return null;
                    }
                    c.content(bit == 4, content);
                }
                case 8 -> {
                    if (v == JsonToken.VALUE_STRING) {
                        c.finish = p.getText();
                    } else if (v != JsonToken.VALUE_NULL) {
                        return null;
                    }
                }
                default -> p.skipChildren();
            }
        }
        return c;
    }

    private static final String BAD = new String("bad");

    /** A message's {@code content} (null when absent or null), or {@link #BAD}. */
    private static String content(JsonParser p) throws IOException {
        String content = null;
        boolean seen = false;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if ("content".equals(name)) {
                if (seen || (v != JsonToken.VALUE_STRING && v != JsonToken.VALUE_NULL)) {
                    return BAD;
                }
                seen = true;
                content = v == JsonToken.VALUE_STRING ? p.getText() : null;
            } else {
                p.skipChildren();
            }
        }
        return content;
    }

    /** Usage whose counts are whole numbers (or absent); null when one is anything else. */
    private static Usage usage(JsonParser p) throws IOException {
        long in = 0;
        long out = 0;
        int seen = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            int bit = "prompt_tokens".equals(name) ? 1 : "completion_tokens".equals(name) ? 2 : 0;
            if (bit == 0) {
                p.skipChildren();
                continue;
            }
            if ((seen & bit) != 0 || v != JsonToken.VALUE_NUMBER_INT
                    || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                return null;
            }
            seen |= bit;
            if (bit == 1) {
                in = p.getLongValue();
            } else {
                out = p.getLongValue();
            }
        }
        return new Usage(Math.max(0, in), Math.max(0, out));
    }

    /** The parts of a choice read so far (by this class's reader and by {@link AnswerScanner}). */
    static final class Choice {
        String text;
        String message;
        String delta;
        boolean hasDelta;
        String finish;

        /** The content of the choice's {@code delta} (a streamed chunk) or {@code message}. */
        void content(boolean ofDelta, String content) {
            if (ofDelta) {
                delta = content;
                hasDelta = true;
            } else {
                message = content;
            }
        }

        /** As {@link Answers#text(JsonNode)} picks it. */
        String text() {
            if (text != null) {
                return text;
            }
            String held = hasDelta ? delta : message;
            return held != null ? held : "";
        }
    }
}
