package dev.duo.fireworks.internal;

import dev.duo.model.Secret;

/**
 * Removes the api key from any text that may reach a log line or an exception message. Servers
 * sometimes echo what they were sent (an error body quoting the header, a proxy's debug page), so
 * everything provider-originated passes through here, not just what we wrote ourselves.
 */
final class Redactor {

    static final String MASK = "****";

    private final String key;

    Redactor(Secret secret) {
        this.key = secret == null ? null : secret.reveal();
    }

    /** The text with every occurrence of the key masked; null stays null. */
    String redact(String text) {
        if (text == null || key == null || key.isEmpty()) {
            return text;
        }
        return text.replace(key, MASK);
    }
}
