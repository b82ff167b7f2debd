/**
 * The PostgreSQL settings store's implementation: schema checks and migrations, the tables'
 * reads and transactional writes, and the change feed (LISTEN/NOTIFY plus a polled counter).
 */
package dev.duo.store.jdbc.internal;
