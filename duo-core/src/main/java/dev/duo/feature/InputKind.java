package dev.duo.feature;

/** The shape of a feature input. *
 * <pre>{@code
 * boolean chat = feature.inputs().stream().anyMatch(i -> i.kind() == InputKind.CONVERSATION);
 * }</pre>
 */
public enum InputKind {
    /** A string; an absent optional text input renders as empty. */
    TEXT,
    /** A list (of strings or maps); an absent optional list input renders as an empty list. */
    LIST,
    /** A conversation: a list of {@link dev.duo.Message}s, appended after the prompt's own messages. */
    CONVERSATION
}
