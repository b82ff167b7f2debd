/**
 * Live configuration: watching duo.yml and the prompt folders, following a settings store, and
 * swapping a client's snapshot when a change loads (keeping the last good one when it does not).
 */
package dev.duo.internal.live;
