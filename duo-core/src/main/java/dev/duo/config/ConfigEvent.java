package dev.duo.config;

/**
 * Something that happened to a client's live configuration, told to {@link ConfigListener}s.
 *
 * <pre>{@code
 * DuoClient.builder().configListener(e -> {
 *     if (e.kind() == ConfigEvent.Kind.REJECTED) alerts.send(e.message());
 * });
 * }</pre>
 *
 * @param kind what happened
 * @param message a sentence for a log or an alert (file and line and the fix, for a rejected change)
 * @param status the client's status after the event
 */
public record ConfigEvent(Kind kind, String message, ConfigStatus status) {

    /** What happened. */
    public enum Kind {
        /** A changed configuration is now in use. */
        APPLIED,
        /** A change did not load; the last good configuration stays in use. */
        REJECTED,
        /** The settings store became unreachable; the last good settings stay in use. */
        STORE_DISCONNECTED,
        /** The settings store is reachable again. */
        STORE_RECONNECTED
    }
}
