package dev.duo.spi;

import dev.duo.model.Secret;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of log lines, for the pipeline and for providers' wire logging alike. It
 * replaces with {@code ****}: every known secret value wherever it appears; the value of sensitive
 * headers ({@code Authorization}, {@code x-api-key}, AWS signatures and session tokens, cookies);
 * bearer tokens; {@code "api_key": "..."}-style fields of a JSON or form body; secret-looking URL
 * query parameters; AWS access key ids and SigV4 signatures.
 *
 * <pre>{@code
 * Redactor r = Redactor.of(List.of(apiKey));
 * log.debug("-> {} {}", r.redact(url), r.redact(body));
 * log.debug("{}: {}", name, r.header(name, value));
 * }</pre>
 */
@SuppressWarnings("removal") // implements its old name for one release
public final class Redactor implements dev.duo.pipeline.Redactor {

    /** What a redacted value is replaced with. */
    public static final String MASK = "****";

    /**
     * The shortest value masked as a secret when it was found rather than named: an environment
     * variable whose name says it holds a key, a key read for a report. Shorter ones would mask
     * ordinary words; a secret given explicitly is masked whatever its length.
     */
    public static final int MIN_FOUND_SECRET_LENGTH = 8;

    /** Header names (lower case) whose values are never logged. */
    public static final Set<String> SENSITIVE_HEADERS = Set.of("authorization", "proxy-authorization", "x-api-key",
            "api-key", "x-amz-security-token", "x-amz-content-sha256-signature", "x-amz-signature", "cookie",
            "set-cookie", "x-goog-api-key", "aws-bearer-token", "x-aws-bearer-token");

    /** Redacts only by pattern: no secret values known. */
    public static final Redactor PATTERNS_ONLY = new Redactor(List.of());

    private final List<String> secrets;

    private Redactor(List<String> secrets) {
        this.secrets = secrets;
    }

    /** A redactor that also masks these secret values (longest first, so overlaps mask fully). */
    public static Redactor of(Collection<Secret> secrets) {
        return PATTERNS_ONLY.withSecrets(secrets);
    }

    /** A redactor that also masks these raw secret values. */
    public static Redactor ofValues(Collection<String> values) {
        List<String> all = new ArrayList<>();
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                all.add(v);
            }
        }
        all.sort(Comparator.comparingInt(String::length).reversed());
        return new Redactor(List.copyOf(all));
    }

    /** This redactor plus more secret values. */
    public Redactor withSecrets(Collection<Secret> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new ArrayList<>(secrets);
        for (Secret s : more) {
            all.add(s.reveal());
        }
        return ofValues(all);
    }

    /** The text with every secret it holds masked; null stays null. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, MASK);
        }
        for (Pattern p : Patterns.ALL) {
            Matcher m = p.matcher(out);
            if (m.find()) {
                out = m.replaceAll(mr -> Matcher.quoteReplacement(
                        mr.group(1) + (mr.groupCount() > 2 ? mr.group(2) : "") + MASK));
            }
        }
        return out;
    }

    /** Whether a header's value must never be logged. */
    public static boolean isSensitiveHeader(String name) {
        return name != null && SENSITIVE_HEADERS.contains(name.toLowerCase(Locale.ROOT));
    }

    /** A header's value as it may be logged: masked for sensitive headers, else redacted. */
    public String header(String name, String value) {
        return isSensitiveHeader(name) ? MASK : redact(value);
    }

    /** Headers as they may be logged, in the same order. */
    public Map<String, String> headers(Map<String, String> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> out.put(k, header(k, v)));
        return out;
    }

    /** The patterns, compiled on the first redaction (most runs redact nothing at start-up). */
    private static final class Patterns {
        private static final String SECRET_NAMES = "api[_-]?key|apikey|access[_-]?token|refresh[_-]?token|id[_-]?token"
                + "|secret[_-]?access[_-]?key|aws[_-]?secret[_-]?access[_-]?key|secret|session[_-]?token"
                + "|security[_-]?token|password|passwd|token|bearer|x-amz-signature|x-amz-security-token|x-amz-credential"
                + "|signature|authorization|x-api-key|client[_-]?secret";
        static final List<Pattern> ALL = List.of(
                // header lines, in any dump: "Authorization: Bearer abc", "x-api-key=abc"
                Pattern.compile("(?im)((?:proxy-)?authorization|x-api-key|api-key|x-amz-security-token|cookie|set-cookie"
                        + "|x-goog-api-key)(\\s*[:=]\\s*)([^\\r\\n]+)"),
                Pattern.compile("(?i)(bearer\\s+)([A-Za-z0-9._~+/=-]+)"),
                // JSON or form fields: "api_key": "abc", token=abc
                Pattern.compile("(?i)(\"?(?:" + SECRET_NAMES + ")\"?\\s*[:=]\\s*\"?)([^\"&\\s,;}\\]]+)"),
                // SigV4 pieces: Credential=AKIA.../..., Signature=hex
                Pattern.compile("(?i)(credential=)([^,\\s&\"]+)"),
                Pattern.compile("(?i)(signature=)([0-9a-f]{16,})"),
                // AWS access key ids
                Pattern.compile("()\\b((?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})\\b"),
                // Fireworks keys
                Pattern.compile("()\\b(fw_[A-Za-z0-9]{16,})\\b"));

        private Patterns() {
        }
    }
}
