package dev.duo;

import java.util.Objects;

/**
 * One turn of a conversation: a role and its text.
 *
 * <pre>{@code
 * List<Message> chat = List.of(Message.system("You are terse."), Message.user("What is a monad?"));
 * }</pre>
 *
 * @param role who speaks
 * @param content what is said; never null (may be empty)
 */
public record Message(Role role, String content) {

    /** Validates that neither part is null. */
    public Message {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    /** A system message. */
    public static Message system(String content) {
        return new Message(Role.SYSTEM, content);
    }

    /** A user message. */
    public static Message user(String content) {
        return new Message(Role.USER, content);
    }

    /** An assistant message. */
    public static Message assistant(String content) {
        return new Message(Role.ASSISTANT, content);
    }
}
