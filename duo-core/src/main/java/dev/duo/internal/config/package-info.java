/**
 * The file shape of duo.yml and its mapping to DuoConfig. Not API.
 */
package dev.duo.internal.config;
