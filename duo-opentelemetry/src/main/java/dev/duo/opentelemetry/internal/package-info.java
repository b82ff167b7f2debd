/** Implementation of the Duo tracing listener; not for users. */
package dev.duo.opentelemetry.internal;
