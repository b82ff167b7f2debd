package dev.duo.config;

/**
 * Told when a client's live configuration changes, is rejected, or loses or regains its store.
 * Called on the client's watcher thread: return quickly, never throw (a thrown exception is logged
 * and ignored).
 *
 * <pre>{@code
 * DuoClient duo = DuoClient.builder().configListener(e -> log.info("duo config: {}", e.message())).build();
 * }</pre>
 */
@FunctionalInterface
public interface ConfigListener {

    /** One event; the status in it is the client's after the event. */
    void onConfigEvent(ConfigEvent event);
}
