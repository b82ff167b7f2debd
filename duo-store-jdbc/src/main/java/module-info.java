/**
 * Models and feature settings in PostgreSQL, shared by a fleet and changed live; found by duo-core through ServiceLoader. Flyway has no module name of its own: {@code flyway.core} is the name the module system derives from its jar.
 *
 * <pre>{@code
 * module my.service {
 *     requires dev.duo.store.jdbc;
 * }
 * }</pre>
 */
module dev.duo.store.jdbc {
    requires transitive dev.duo.core;
    requires java.sql;
    requires com.zaxxer.hikari;
    requires flyway.core;
    requires org.postgresql.jdbc;

    exports dev.duo.store.jdbc;

    provides dev.duo.spi.SettingsStoreProvider with dev.duo.store.jdbc.internal.JdbcStoreProvider;
}
