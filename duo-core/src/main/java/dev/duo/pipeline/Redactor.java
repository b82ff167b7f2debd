package dev.duo.pipeline;

import dev.duo.model.Secret;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Moved to {@link dev.duo.spi.Redactor}, which implements this interface so that code reading it through the old name keeps compiling (the one redactor of the SDK, shared by the providers); goes in the next release.
 *
 * <pre>{@code
 * // before: import dev.duo.pipeline.Redactor;
 * import dev.duo.spi.Redactor;
 * }</pre>
 *
 * @deprecated use {@link dev.duo.spi.Redactor}
 */
@Deprecated(since = "0.1.0", forRemoval = true)
public interface Redactor {

    /** See {@link dev.duo.spi.Redactor#MASK}. */
    String MASK = dev.duo.spi.Redactor.MASK;
    /** See {@link dev.duo.spi.Redactor#SENSITIVE_HEADERS}. */
    Set<String> SENSITIVE_HEADERS = dev.duo.spi.Redactor.SENSITIVE_HEADERS;
    /** See {@link dev.duo.spi.Redactor#PATTERNS_ONLY}. */
    dev.duo.spi.Redactor PATTERNS_ONLY = dev.duo.spi.Redactor.PATTERNS_ONLY;

    /**
     * @param secrets the secrets to mask
     * @return a redactor
     */
    static dev.duo.spi.Redactor of(Collection<Secret> secrets) {
        return dev.duo.spi.Redactor.of(secrets);
    }

    /**
     * @param values the secret values to mask
     * @return a redactor
     */
    static dev.duo.spi.Redactor ofValues(Collection<String> values) {
        return dev.duo.spi.Redactor.ofValues(values);
    }

    /**
     * @param name a header name
     * @return whether its value is never logged
     */
    static boolean isSensitiveHeader(String name) {
        return dev.duo.spi.Redactor.isSensitiveHeader(name);
    }

    /**
     * @param more further secrets
     * @return a redactor masking these too
     */
    dev.duo.spi.Redactor withSecrets(Collection<Secret> more);

    /**
     * @param text any text
     * @return the text with secrets masked
     */
    String redact(String text);

    /**
     * @param name a header name
     * @param value its value
     * @return the value to log
     */
    String header(String name, String value);

    /**
     * @param headers headers
     * @return the headers to log
     */
    Map<String, String> headers(Map<String, String> headers);
}
