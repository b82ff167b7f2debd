package dev.duo.fireworks.internal;

import dev.duo.DuoException;
import dev.duo.spi.RequestMode;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * How one OpenAI-compatible platform differs from plain OpenAI on the wire: where a request goes,
 * how it is authorized, and which error answers it words its own way. Request bodies, answers,
 * streams, timeouts and cancellation are the same for all, so {@link OpenAiClient} keeps them.
 * Azure OpenAI is the one platform that needs one ({@link AzureDialect}); the others use the
 * endpoint and a bearer key.
 */
interface Dialect {

    /** The URL for a request of this mode. */
    HttpUrl url(RequestMode mode);

    /** Adds the credentials (if any) to the request. */
    void authorize(Request.Builder request);

    /**
     * The error for an error answer when this platform means something particular by it (a
     * content filter, a wrong api-version), else null for the common status mapping.
     */
    DuoException refine(int status, Headers headers, String body);
}
