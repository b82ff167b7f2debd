/**
 * The client machinery: snapshots, feature resolution, providers, model clients. Not API.
 */
package dev.duo.internal.client;
