/**
 * The machinery behind {@link dev.duo.testkit.record}: the recording file format, secret scrubbing
 * and the field-by-field request diff that replay failures show. Not public API.
 */
package dev.duo.testkit.internal.record;
