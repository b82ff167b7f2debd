package dev.duo.spring.boot.internal;

import dev.duo.ConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Start-up failures caused by Duo's configuration are reported with the SDK's own message (which names
 * the file, the line and the fix) instead of the bean-creation stack Spring would print.
 */
public final class ConfigFailureAnalyzer extends AbstractFailureAnalyzer<ConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable root, ConfigurationException cause) {
        return new FailureAnalysis("The Duo SDK could not start: " + cause.getMessage(),
                "Fix the Duo configuration as the message says: the file named by duo.config-file (else DUO_CONFIG,"
                        + " ./duo.yml or duo.yml on the class path) or the duo.* properties.", cause);
    }
}
