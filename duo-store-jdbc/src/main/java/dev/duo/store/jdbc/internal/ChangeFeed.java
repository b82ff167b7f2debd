package dev.duo.store.jdbc.internal;

import dev.duo.config.StoreSettings;
import dev.duo.config.StoredSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the store on one daemon thread with a connection of its own: {@code LISTEN} for the
 * notification every write sends at commit, and a check of the change counter every poll interval
 * in case one was lost. A change is delivered as a whole, consistent read. A lost connection is
 * reported once, retried with growing waits (100 ms doubling to 5 s), and after reconnecting the
 * store is read again, so changes made during the outage arrive too. Nothing here is ever on a
 * feature call's path.
 */
final class ChangeFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5_000;
    private static final int MAX_BLOCK_MILLIS = 1_000;

    private final StoreSettings settings;
    private final Properties credentials;
    private final Consumer<StoredSettings> changes;
    private final Consumer<Boolean> connectionState;
    private final Thread thread;
    private final Object sleeper = new Object();
    private volatile boolean closed;
    private volatile Connection connection;
    private long lastVersion = -1;

    ChangeFeed(StoreSettings settings, Properties credentials, Consumer<StoredSettings> changes,
               Consumer<Boolean> connectionState) {
        this.settings = settings;
        this.credentials = new Properties();
        this.credentials.putAll(credentials);
        this.credentials.setProperty("ApplicationName", "duo-settings-listener");
        // A half-open TCP connection must not hang the listener forever.
        this.credentials.setProperty("socketTimeout", "30");
        this.changes = changes;
        this.connectionState = connectionState;
        this.thread = new Thread(this::run, "duo-store-listen");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        long backoff = FIRST_BACKOFF_MILLIS;
        boolean reportedDown = false;
        while (!closed) {
            try {
                Connection c = DriverManager.getConnection(settings.url(), credentials);
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + SettingsTables.CHANNEL);
                }
                if (reportedDown) {
                    connectionState.accept(true);
                    reportedDown = false;
                }
                backoff = FIRST_BACKOFF_MILLIS;
                deliverIfChanged(c);
                listen(c);
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (!reportedDown) {
                    LOG.debug("settings store listener lost its connection: {}", e.toString());
                    connectionState.accept(false);
                    reportedDown = true;
                }
            } finally {
                closeQuietly(connection);
                connection = null;
            }
            pause(backoff);
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
    }

    /** Blocks for notifications; checks the counter every poll interval; returns only by throwing or closing. */
    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long pollMillis = settings.pollInterval().toMillis();
        long nextPoll = System.nanoTime() + pollMillis * 1_000_000;
        while (!closed) {
            long untilPoll = Math.max(1, (nextPoll - System.nanoTime()) / 1_000_000);
            PGNotification[] got = pg.getNotifications((int) Math.min(untilPoll, MAX_BLOCK_MILLIS));
            boolean due = System.nanoTime() >= nextPoll;
            if ((got != null && got.length > 0) || due) {
                deliverIfChanged(c);
            }
            if (due) {
                nextPoll = System.nanoTime() + pollMillis * 1_000_000;
            }
        }
    }

    private void deliverIfChanged(Connection c) throws SQLException {
        if (SettingsTables.counter(c) == lastVersion) {
            return;
        }
        StoredSettings now;
        c.setAutoCommit(false);
        try {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            now = SettingsTables.read(c, settings.url(), false);
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
        lastVersion = now.version();
        changes.accept(now);
    }

    private void pause(long millis) {
        synchronized (sleeper) {
            if (closed) {
                return;
            }
            try {
                sleeper.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = true;
            }
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException | RuntimeException e) {
                // already gone
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
        closeQuietly(connection);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
