package dev.duo.model;

import dev.duo.MissingCredentialsException;
import java.util.Map;
import java.util.Objects;

/**
 * Where a model's api key comes from: an environment variable reference ({@code ${FIREWORKS_AI_API_KEY}},
 * resolved when the model is used) or, discouraged, a literal value in the file.
 *
 * <pre>{@code
 * ApiKey key = ApiKey.parse("${FIREWORKS_AI_API_KEY}");
 * key.reference();                       // "${FIREWORKS_AI_API_KEY}"
 * Secret s = key.resolve(System.getenv());
 * }</pre>
 */
public final class ApiKey {

    private static final String LITERAL_MARK = "<literal>";

    private final String variable;
    private final Secret literal;

    private ApiKey(String variable, Secret literal) {
        this.variable = variable;
        this.literal = literal;
    }

    /** A reference to an environment variable. */
    public static ApiKey fromEnv(String variable) {
        Objects.requireNonNull(variable, "variable");
        if (!dev.duo.internal.util.AsciiNames.isIdentifier(variable)) {
            throw new IllegalArgumentException("'" + variable + "' is not an environment variable name");
        }
        return new ApiKey(variable, null);
    }

    /** A literal key; works, but keeps a secret in the configuration. */
    public static ApiKey literal(String value) {
        return new ApiKey(null, Secret.of(value));
    }

    /** {@code ${VAR}} becomes a reference, anything else a literal. */
    public static ApiKey parse(String text) {
        Objects.requireNonNull(text, "api key");
        String t = text.trim();
        // ${NAME}, NAME as [A-Za-z_][A-Za-z0-9_]*: checked by hand, as a regex compiled at start-up costs more
        boolean reference = t.length() > 3 && t.startsWith("${") && t.charAt(t.length() - 1) == '}'
                && dev.duo.internal.util.AsciiNames.isIdentifier(t, 2, t.length() - 1);
        return reference ? fromEnv(t.substring(2, t.length() - 1)) : literal(text);
    }

    /** Whether the key is a literal value rather than a reference. */
    public boolean isLiteral() {
        return literal != null;
    }

    /** The variable name, for references. */
    public java.util.Optional<String> variable() {
        return java.util.Optional.ofNullable(variable);
    }

    /** What may be printed: {@code ${VAR}} or {@code <literal>}; never the value. */
    public String reference() {
        return literal != null ? LITERAL_MARK : "${" + variable + "}";
    }

    /**
     * The secret, read from {@code environment} for references.
     *
     * @throws MissingCredentialsException naming the variable when it is unset or empty
     */
    public Secret resolve(Map<String, String> environment) {
        if (literal != null) {
            headerProblem(literal.reveal()).ifPresent(p -> {
                throw new MissingCredentialsException("The api_key written in the configuration holds " + p
                        + ", which cannot be sent in an HTTP header: write the key alone, or better, reference an"
                        + " environment variable such as ${FIREWORKS_AI_API_KEY}");
            });
            return literal;
        }
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            throw new MissingCredentialsException("The environment variable " + variable
                    + " is not set: export " + variable + "=<your key> before using this model");
        }
        headerProblem(value).ifPresent(p -> {
            throw new MissingCredentialsException("The environment variable " + variable + " holds " + p
                    + ", which cannot be sent in an HTTP header: export " + variable + " again with the key alone"
                    + " (no trailing newline, no quotes pasted from a document)");
        });
        return Secret.of(value);
    }

    /**
     * What makes {@code value} unusable as an HTTP header value, described without showing it
     * ("a line break (CR or LF) at character 41"), or empty when it is fine: only visible ASCII,
     * space and tab may be sent.
     */
    public static java.util.Optional<String> headerProblem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String what = c == '\r' || c == '\n' ? "a line break (CR or LF)"
                    : c < 0x20 && c != '\t' || c == 0x7f ? "a control character"
                    : c > 0x7e ? "a non-ASCII character"
                    : null;
            if (what != null) {
                return java.util.Optional.of(what + " at character " + (i + 1));
            }
        }
        return java.util.Optional.empty();
    }

    /** The text written to duo.yml: {@code ${VAR}}, or the literal (only the config store calls this). */
    public String toConfigText() {
        return literal != null ? literal.reveal() : reference();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiKey k && Objects.equals(variable, k.variable)
                && (literal == null ? k.literal == null : k.literal != null && literal.reveal().equals(k.literal.reveal()));
    }

    @Override
    public int hashCode() {
        return Objects.hash(variable, literal == null ? 0 : 1);
    }

    @Override
    public String toString() {
        return "ApiKey[" + reference() + "]";
    }
}
