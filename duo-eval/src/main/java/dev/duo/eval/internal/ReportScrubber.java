package dev.duo.eval.internal;

import dev.duo.config.DuoConfig;
import dev.duo.model.SelfHostedModel;
import dev.duo.spi.Redactor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Removes known secrets (the configured models' API keys as resolved from the environment, the values
 * of FIREWORKS_AI_API_KEY and the AWS secret variables, and
 * any the caller names) from text bound for a journal or a report. A response could echo a key
 * that reached a prompt; a report is shared far more widely than a log.
 */
public final class ReportScrubber {

    /** What replaces a secret. */
    public static final String MASK = Redactor.MASK;
    private static final List<String> KNOWN_SECRET_VARIABLES = List.of("FIREWORKS_AI_API_KEY",
            "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_BEARER_TOKEN_BEDROCK");
    private final Redactor redactor;

    private ReportScrubber(List<String> secrets) {
        this.redactor = Redactor.ofValues(secrets);
    }

    /** A scrubber for the keys of {@code config}'s models and {@code extra}. */
    public static ReportScrubber of(DuoConfig config, Map<String, String> environment, Collection<String> extra) {
        List<String> s = new ArrayList<>();
        for (SelfHostedModel m : config.models().all()) {
            m.apiKey().ifPresent(k -> {
                try {
                    s.add(k.resolve(environment).reveal());
                } catch (RuntimeException unset) {
                    // An unset variable is no secret to hide.
                }
            });
        }
        for (String var : KNOWN_SECRET_VARIABLES) {
            s.add(environment.get(var));
        }
        s.addAll(extra);
        // Short strings would mask ordinary words; the longest go first so a key containing another is masked whole.
        return new ReportScrubber(s.stream().filter(x -> x != null && x.length() >= Redactor.MIN_FOUND_SECRET_LENGTH).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList());
    }

    /** The text with every secret masked, by the SDK's one redactor (its patterns too). */
    public String scrub(String text) {
        return redactor.redact(text);
    }

    /** A value with every string in it scrubbed (lists and maps walked). */
    public Object scrubValue(Object value) {
        if (value instanceof String str) {
            return scrub(str);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(this::scrubValue).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, scrubValue(v)));
            return out;
        }
        return value;
    }
}
