/**
 * Strict YAML reading with file-and-line errors. Not API.
 */
package dev.duo.internal.yaml;
