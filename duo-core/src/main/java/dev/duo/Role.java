package dev.duo;

/** Who speaks a {@link Message} in a conversation. *
 * <pre>{@code
 * Message m = new Message(Role.USER, "Explain this diff");
 * }</pre>
 */
public enum Role {
    /** Instructions that frame the whole conversation. */
    SYSTEM,
    /** The person (or program) asking. */
    USER,
    /** The model; an assistant message last in a request pre-fills the answer. */
    ASSISTANT;

    /** Made once: every message of every request asks for it. */
    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    /** The lower-case name providers use on the wire ({@code system}, {@code user}, {@code assistant}). */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a wire name such as {@code "user"}.
     *
     * @throws IllegalArgumentException naming the accepted roles when {@code name} is none of them
     */
    public static Role fromWireName(String name) {
        for (Role r : values()) {
            if (r.wireName().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException(
                "Unknown message role '" + name + "': use one of system, user, assistant");
    }
}
