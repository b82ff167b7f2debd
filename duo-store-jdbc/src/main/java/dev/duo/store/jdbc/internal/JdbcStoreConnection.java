package dev.duo.store.jdbc.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.duo.ConfigurationException;
import dev.duo.config.StoreSettings;
import dev.duo.config.StoredSettings;
import dev.duo.feature.FeatureSetting;
import dev.duo.admin.SettingProvider;
import dev.duo.model.SelfHostedModel;
import dev.duo.spi.SettingsStoreConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * One open store: a small HikariCP pool for reads and writes, and (once watched) a {@link ChangeFeed}
 * with a connection of its own. Every write is one transaction that first locks the settings row, so
 * writers queue behind each other and each one's change is computed from what the last one committed.
 */
public final class JdbcStoreConnection implements SettingsStoreConnection {

    private final StoreSettings settings;
    private final Properties credentials;
    private final HikariDataSource pool;
    private volatile ChangeFeed feed;

    private JdbcStoreConnection(StoreSettings settings, Properties credentials, HikariDataSource pool) {
        this.settings = settings;
        this.credentials = credentials;
        this.pool = pool;
    }

    /**
     * Opens the pool, checks the database is reachable and migrates its schema.
     *
     * @throws ConfigurationException naming the URL and the reason, when it is unreachable or its schema is too new
     */
    public static JdbcStoreConnection open(StoreSettings settings, Map<String, String> environment, boolean live) {
        Properties credentials = new Properties();
        settings.user().ifPresent(u -> credentials.setProperty("user", u));
        settings.password().ifPresent(p -> {
            String variable = p.variable().orElseThrow();
            String value = environment.get(variable);
            if (value == null || value.isEmpty()) {
                throw new ConfigurationException("store.password is ${" + variable + "}, which is not set: export "
                        + variable + "=<the database password> in this process (the store of " + settings.url() + ")");
            }
            credentials.setProperty("password", value);
        });
        credentials.setProperty("connectTimeout", "5");
        credentials.setProperty("tcpKeepAlive", "true");
        credentials.setProperty("ApplicationName", live ? "duo-client" : "duo-cli");
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(settings.url());
        hc.setDataSourceProperties(credentials);
        hc.setPoolName("duo-store");
        // A migration holds three: the store's migration lock, and Flyway's own lock and migration.
        hc.setMaximumPoolSize(4);
        hc.setMinimumIdle(0);
        hc.setConnectionTimeout(5_000);
        hc.setInitializationFailTimeout(-1);
        hc.setAutoCommit(true);
        try (Connection first = java.sql.DriverManager.getConnection(settings.url(), credentials)) {
            // One plain connection first: a refused one fails at once, where the pool would retry for its timeout.
            first.isValid(5);
        } catch (SQLException e) {
            throw StoreErrors.unreachable(settings.url(), e, startUpConsequence(live));
        }
        HikariDataSource pool = new HikariDataSource(hc);
        try {
            Schema.prepare(pool, settings.url());
        } catch (SQLException e) {
            pool.close();
            throw StoreErrors.unreachable(settings.url(), e, startUpConsequence(live));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new JdbcStoreConnection(settings, credentials, pool);
    }

    private static String startUpConsequence(boolean live) {
        return live
                ? "This client has no settings to start from (the store holds its models and feature settings), so it "
                + "does not start; it follows the store once it has started, and keeps its last good settings through outages"
                : "Nothing was read or changed";
    }

    @Override
    public StoredSettings read() {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                return SettingsTables.read(c, settings.url(), false);
            } finally {
                c.rollback();
                c.setReadOnly(false);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        } catch (SQLException e) {
            throw StoreErrors.failed(settings.url(), "be read", e);
        }
    }

    @Override
    public StoredSettings update(UnaryOperator<StoredSettings> change) {
        Objects.requireNonNull(change, "change");
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                StoredSettings before = SettingsTables.read(c, settings.url(), true);
                StoredSettings after = Objects.requireNonNull(change.apply(before), "the change returned null");
                if (after == before || after.sameContent(before)) {
                    c.rollback();
                    return before;
                }
                check(after, before);
                long version = SettingsTables.write(c, before, after);
                c.commit();
                return new StoredSettings(after.betaModelsEnabled(), after.models(), after.features(), version);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw StoreErrors.failed(settings.url(), "save the change", e);
        }
    }

    /** The store's own rules, whoever writes: no literal key, no setting naming a model that is not there. */
    static void check(StoredSettings after, StoredSettings before) {
        for (SelfHostedModel m : after.models()) {
            if (m.apiKey().map(k -> k.isLiteral()).orElse(false)) {
                throw new ConfigurationException("Model '" + m.name() + "' was given a literal api key, and the settings "
                        + "store never holds a key: give a reference instead (api_key: ${FIREWORKS_AI_API_KEY}, or "
                        + "'duo models add ... --api-key-env FIREWORKS_AI_API_KEY') and export that variable in each "
                        + "process that uses the model. Nothing was changed");
            }
        }
        Set<String> names = after.models().stream().map(SelfHostedModel::name).collect(Collectors.toSet());
        Map<String, List<String>> missing = new LinkedHashMap<>();
        for (Map.Entry<String, FeatureSetting> f : after.features().entrySet()) {
            FeatureSetting s = f.getValue();
            if (s.provider() == SettingProvider.SELF_HOSTED && !names.contains(s.model())) {
                missing.computeIfAbsent(s.model(), k -> new ArrayList<>()).add(f.getKey());
            }
        }
        if (!missing.isEmpty()) {
            Map.Entry<String, List<String>> first = missing.entrySet().iterator().next();
            boolean removed = before.models().stream().anyMatch(m -> m.name().equals(first.getKey()));
            throw new ConfigurationException("Model '" + first.getKey() + "' "
                    + (removed ? "cannot be removed: it is used by " : "does not exist in the store, yet it is assigned to ")
                    + String.join(", ", first.getValue()) + ": assign them another model ('duo features assign <feature> "
                    + "--model <name>') or disable them ('duo features disable <feature>') first. Nothing was changed");
        }
    }

    @Override
    public synchronized void watch(Consumer<StoredSettings> changes, Consumer<Boolean> connection) {
        if (feed != null) {
            throw new IllegalStateException("already watched");
        }
        feed = new ChangeFeed(settings, credentials, changes, connection);
        feed.start();
    }

    @Override
    public String describe() {
        return settings.url();
    }

    @Override
    public void close() {
        ChangeFeed f = feed;
        if (f != null) {
            f.close();
        }
        pool.close();
    }

    @Override
    public String toString() {
        return "JdbcStoreConnection{" + settings.url() + "}";
    }
}
