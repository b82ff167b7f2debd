/**
 * Models and feature settings in PostgreSQL, shared by a fleet of clients and changed live: name
 * the store in duo.yml ({@code store: { url, user, password: "${DUO_DB_PASSWORD}" }}) and add this
 * module; {@link dev.duo.store.jdbc.JdbcSettingsStore} opens one directly.
 */
package dev.duo.store.jdbc;
