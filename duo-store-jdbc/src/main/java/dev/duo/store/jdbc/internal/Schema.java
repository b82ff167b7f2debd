package dev.duo.store.jdbc.internal;

import dev.duo.ConfigurationException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The store's schema: created and migrated with Flyway (history in {@code duo_schema_history}, so
 * an application's own Flyway history in the same database is left alone), and refused when it is
 * newer than this SDK knows (another service or CLI on a newer SDK migrated it).
 */
final class Schema {

    /** The newest migration this SDK ships ({@code V<n>__*.sql}). */
    static final int KNOWN_VERSION = 2;
    static final String HISTORY_TABLE = "duo_schema_history";
    private static final String LOCATION = "classpath:dev/duo/store/jdbc/migration";
    /** The advisory lock key that serialises migrations of one database (an arbitrary, fixed number). */
    private static final long MIGRATION_LOCK = 0x6475_6f5f_7374_6f72L;

    private Schema() {
    }

    /**
     * Brings the schema to {@link #KNOWN_VERSION}; a store already there costs one query.
     *
     * @throws ConfigurationException when the schema is newer than this SDK knows
     */
    static void prepare(DataSource ds, String url) throws SQLException {
        if (checked(appliedVersion(ds), url) == KNOWN_VERSION) {
            return;
        }
        // Services or CLIs opening a new store at once would each create Flyway's history table (the
        // second then fails to baseline it): one migration at a time per database, under an advisory
        // lock, with the version read again once the lock is held.
        try (Connection lock = ds.getConnection(); Statement s = lock.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
            try {
                if (checked(appliedVersion(ds), url) < KNOWN_VERSION) {
                    migrate(ds);
                }
            } catch (org.flywaydb.core.api.FlywayException e) {
                throw new ConfigurationException("The settings store " + url + " could not be created or migrated: "
                        + oneLine(e.getMessage()) + ". Give the store a "
                        + "database (or schema) of its own, where the user may create tables", e, dev.duo.ErrorContext.NONE);
            } finally {
                s.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
            }
        }
    }

    /** The applied version, refused when it is newer than this SDK knows. */
    private static int checked(int applied, String url) {
        if (applied > KNOWN_VERSION) {
            throw new ConfigurationException("The settings store " + url + " has schema version " + applied
                    + ", newer than this SDK knows (" + KNOWN_VERSION + "): a newer dev.duo:duo-store-jdbc migrated it. "
                    + "Upgrade dev.duo:duo-store-jdbc in this service to the version the rest of the fleet uses; "
                    + "nothing was read or changed");
        }
        return applied;
    }

    private static void migrate(DataSource ds) {
        Flyway.configure(Schema.class.getClassLoader())
                .dataSource(ds)
                .locations(LOCATION)
                .table(HISTORY_TABLE)
                .placeholderReplacement(false)
                // A database with other tables in it is fine: its history starts at 0 and V1 adds ours beside them.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    /** Flyway's message, on one line and bounded (it can quote whole scripts). */
    private static String oneLine(String message) {
        String m = String.valueOf(message).replaceAll("\\s*\\R\\s*", " ").trim().replaceAll("\\.+$", "");
        return m.length() > 400 ? m.substring(0, 400) + "..." : m;
    }

    /** The highest successful migration in the history table, or 0 when there is none. */
    static int appliedVersion(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet t = s.executeQuery("SELECT to_regclass('" + HISTORY_TABLE + "') IS NOT NULL")) {
                t.next();
                if (!t.getBoolean(1)) {
                    return 0;
                }
            }
            int max = 0;
            try (ResultSet r = s.executeQuery("SELECT version FROM " + HISTORY_TABLE + " WHERE success AND version IS NOT NULL")) {
                while (r.next()) {
                    try {
                        max = Math.max(max, Integer.parseInt(r.getString(1).trim()));
                    } catch (NumberFormatException e) {
                        max = Integer.MAX_VALUE; // a version scheme this SDK never wrote: newer than it knows
                    }
                }
            }
            return max;
        }
    }
}
