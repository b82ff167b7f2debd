package dev.duo.store.jdbc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh database on the real PostgreSQL server that {@code .ci/postgres.sh} starts (its URL in
 * {@code DUO_TEST_JDBC_URL}). Without that variable the test is skipped, saying how to run it, unless
 * {@code DUO_STORE_TESTS_REQUIRED=true} (CI sets it), which makes a missing server a failure.
 */
final class TestDatabase implements AutoCloseable {

    static final String PASSWORD_VARIABLE = "DUO_TEST_DB_PASSWORD";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    final String url;
    final String user;
    final String password;
    private final String adminUrl;
    private final String name;

    private TestDatabase(String adminUrl, String user, String password, String name) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.name = name;
        this.url = adminUrl.replaceAll("/[^/?]+(\\?.*)?$", "/" + name);
    }

    /** A new, empty database; skips (or fails on CI) without a server. */
    static TestDatabase create() throws SQLException {
        String base = System.getenv("DUO_TEST_JDBC_URL");
        if (base == null || base.isBlank()) {
            String why = "no PostgreSQL for the store tests: run 'eval \"$(.ci/postgres.sh)\"' first (it starts one on "
                    + "127.0.0.1:25432 and sets DUO_TEST_JDBC_URL)";
            if ("true".equalsIgnoreCase(System.getenv("DUO_STORE_TESTS_REQUIRED"))) {
                throw new AssertionError(why + "; DUO_STORE_TESTS_REQUIRED=true makes this a failure");
            }
            assumeTrue(false, why);
        }
        String user = System.getenv().getOrDefault("DUO_TEST_DB_USER", "duo_test");
        String password = System.getenv().getOrDefault(PASSWORD_VARIABLE, "");
        String name = "duo_t_" + ProcessHandle.current().pid() + "_" + SEQUENCE.incrementAndGet();
        try (Connection c = DriverManager.getConnection(base, user, password); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        return new TestDatabase(base, user, password, name);
    }

    /** The environment a client or the CLI gets: the password variable the store section names. */
    Map<String, String> environment() {
        return Map.of(PASSWORD_VARIABLE, password);
    }

    /** The {@code store:} section of a duo.yml for this database. */
    String storeYaml(String url) {
        return "store: { url: \"" + url + "\", user: " + user + ", password: \"${" + PASSWORD_VARIABLE + "}\" }\n";
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    void sql(String statement) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
