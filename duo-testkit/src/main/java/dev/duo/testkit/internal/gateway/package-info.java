/** The fake AI gateway's request handling and raw body writing. Not API. */
package dev.duo.testkit.internal.gateway;
