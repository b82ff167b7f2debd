package dev.duo.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Client-wide HTTP settings from {@code duo.yml}'s {@code http:} section: a corporate proxy and a
 * trust store for internal servers with a private CA.
 *
 * <pre>{@code
 * HttpSettings http = new HttpSettings(URI.create("http://proxy.corp:3128"), Path.of("/etc/ssl/corp.p12"));
 * }</pre>
 *
 * @param proxy the proxy URL, or null for a direct connection
 * @param truststore a PKCS12 or PEM trust store, or null for the JVM's default
 */
public record HttpSettings(URI proxy, Path truststore) {

    /** No proxy, the JVM's trust store. */
    public static final HttpSettings DEFAULTS = new HttpSettings(null, null);

    /** The proxy, if any. */
    public Optional<URI> proxyUrl() {
        return Optional.ofNullable(proxy);
    }

    /** The trust store, if any. */
    public Optional<Path> truststorePath() {
        return Optional.ofNullable(truststore);
    }
}
