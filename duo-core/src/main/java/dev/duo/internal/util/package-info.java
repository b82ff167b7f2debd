/**
 * Small helpers (name suggestions, checks of ASCII names). Not API.
 */
package dev.duo.internal.util;
