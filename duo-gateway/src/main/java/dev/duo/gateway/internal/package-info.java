/** The AI gateway's prompt API over HTTP: bodies, the blocking and streamed calls, error mapping. Not API. */
package dev.duo.gateway.internal;
