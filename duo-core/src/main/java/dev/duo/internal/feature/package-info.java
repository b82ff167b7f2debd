/**
 * Loading feature metadata files. Not API.
 */
package dev.duo.internal.feature;
