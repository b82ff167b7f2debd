/**
 * Small helpers (name suggestions). Not API.
 */
package dev.duo.internal.util;
