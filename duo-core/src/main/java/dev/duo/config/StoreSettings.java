package dev.duo.config;

import dev.duo.InvalidConfigException;
import dev.duo.model.ApiKey;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a fleet's shared settings live: the {@code store:} section of duo.yml. When a file names a
 * store, the store (not the file) holds the models, the feature settings and the beta opt-in.
 *
 * <p>The password is always a reference ({@code ${DUO_DB_PASSWORD}}) resolved from each process's
 * environment; a literal password, or a URL that carries one ({@code password=} or
 * {@code user:secret@host}), is refused so that no secret sits in a file or a log.
 *
 * <pre>{@code
 * StoreSettings s = StoreSettings.of("jdbc:postgresql://db:5432/duo", "duo", "${DUO_DB_PASSWORD}");
 * s.url();                       // jdbc:postgresql://db:5432/duo
 * s.password().get().reference(); // ${DUO_DB_PASSWORD}
 * }</pre>
 */
public final class StoreSettings {

    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)[?&;]password=");
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("^jdbc:[a-z0-9]+://[^/@?]*:[^/@?]*@.*", Pattern.CASE_INSENSITIVE);

    private final String url;
    private final String user;
    private final ApiKey password;
    private final java.time.Duration pollInterval;

    /** How often a client checks the store's change counter besides listening for notifications. */
    public static final java.time.Duration DEFAULT_POLL_INTERVAL = java.time.Duration.ofSeconds(10);

    private StoreSettings(String url, String user, ApiKey password, java.time.Duration pollInterval) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.pollInterval = pollInterval;
    }

    /**
     * Validates and builds the settings.
     *
     * @param url a JDBC URL such as {@code jdbc:postgresql://db:5432/duo}
     * @param user the database user, or null
     * @param password a {@code ${VAR}} reference, or null
     * @throws InvalidConfigException for a missing URL, a URL with a password in it, or a literal password
     */
    public static StoreSettings of(String url, String user, String password) {
        if (url == null || url.isBlank()) {
            throw new InvalidConfigException("store.url is missing: write store: { url: \"jdbc:postgresql://<host>:5432/<db>\", "
                    + "user: <user>, password: \"${DUO_DB_PASSWORD}\" }");
        }
        String u = url.trim();
        if (!u.toLowerCase(Locale.ROOT).startsWith("jdbc:")) {
            throw new InvalidConfigException("store.url must be a JDBC URL such as jdbc:postgresql://db:5432/duo, not '"
                    + redact(u) + "'");
        }
        if (PASSWORD_PARAM.matcher(u).find() || USER_INFO_PASSWORD.matcher(u).matches()) {
            throw new InvalidConfigException("store.url " + redact(u) + " carries a password: remove it from the URL and write "
                    + "password: \"${DUO_DB_PASSWORD}\" beside it (export DUO_DB_PASSWORD in each process)");
        }
        ApiKey key = null;
        if (password != null) {
            key = ApiKey.parse(password);
            if (key.isLiteral()) {
                throw new InvalidConfigException("store.password holds a literal password: write a reference such as "
                        + "password: \"${DUO_DB_PASSWORD}\" and export DUO_DB_PASSWORD in each process");
            }
        }
        return new StoreSettings(u, user == null || user.isBlank() ? null : user.trim(), key, DEFAULT_POLL_INTERVAL);
    }

    /**
     * These settings with another poll interval ({@code store.poll_interval}).
     *
     * @throws IllegalArgumentException unless it is between 100 ms and 1 hour
     */
    public StoreSettings withPollInterval(java.time.Duration interval) {
        if (interval.compareTo(java.time.Duration.ofMillis(100)) < 0 || interval.compareTo(java.time.Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("store.poll_interval must be between 100ms and 1h, not " + interval);
        }
        return new StoreSettings(url, user, password, interval);
    }

    /** How often the change counter is checked in case a notification was lost (default 10 s). */
    public java.time.Duration pollInterval() {
        return pollInterval;
    }

    /** The JDBC URL (never holds a password). */
    public String url() {
        return url;
    }

    /** The database user. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** The password reference ({@code ${VAR}}). */
    public Optional<ApiKey> password() {
        return Optional.ofNullable(password);
    }

    /** The URL with anything after {@code ?} dropped, for messages about a URL that was refused. */
    private static String redact(String url) {
        String noQuery = url.replaceAll("[?;].*$", "?...");
        return noQuery.replaceAll("//[^/@]*@", "//<credentials>@");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoreSettings s && url.equals(s.url) && Objects.equals(user, s.user)
                && Objects.equals(password == null ? null : password.reference(), s.password == null ? null : s.password.reference());
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, user);
    }

    @Override
    public String toString() {
        return "StoreSettings{" + url + (user == null ? "" : ", user=" + user)
                + (password == null ? "" : ", password=" + password.reference()) + "}";
    }
}
