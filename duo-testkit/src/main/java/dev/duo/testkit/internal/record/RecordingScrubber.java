package dev.duo.testkit.internal.record;

import dev.duo.Message;
import dev.duo.ModelParams;
import dev.duo.spi.Redactor;
import dev.duo.spi.ModelRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Masks secrets in what a recording keeps: every known secret value (given, or an environment
 * variable whose name says it is a key, secret, token or password) and everything the SDK's log
 * redactor recognises (bearer tokens, {@code api_key: ...} fields, AWS key ids, Fireworks keys).
 */
public final class RecordingScrubber {

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(key|secret|token|password|passwd|credential).*");
    private static final int MIN_SECRET_LENGTH = Redactor.MIN_FOUND_SECRET_LENGTH;

    private final Redactor redactor;
    private final List<String> values;

    private RecordingScrubber(List<String> values) {
        this.values = List.copyOf(values);
        this.redactor = Redactor.ofValues(values);
    }

    /**
     * @param secretValues values to mask wherever they appear
     * @param environment whose secret-named variables are masked too
     */
    public static RecordingScrubber of(Collection<String> secretValues, Map<String, String> environment) {
        List<String> all = new ArrayList<>();
        for (String v : secretValues) {
            if (v != null && !v.isBlank()) {
                all.add(v);
            }
        }
        environment.forEach((name, value) -> {
            if (value != null && value.length() >= MIN_SECRET_LENGTH && SECRET_NAME.matcher(name).matches()) {
                all.add(value);
            }
        });
        return new RecordingScrubber(all);
    }

    /** The text with secrets masked. */
    public String scrub(String text) {
        return redactor.redact(text);
    }

    /** The request with secrets masked in its messages and stop sequences. */
    public ModelRequest scrub(ModelRequest r) {
        List<Message> messages = new ArrayList<>();
        for (Message m : r.messages()) {
            messages.add(new Message(m.role(), scrub(m.content())));
        }
        ModelParams params = r.params();
        if (params.stop().isPresent()) {
            params = params.toBuilder().stop(params.stop().get().stream().map(this::scrub).toList()).build();
        }
        return r.toBuilder().messages(messages).params(params).build();
    }

    /** Whether a known secret value appears in the text (a last check before a file is written). */
    public boolean leaks(String text) {
        for (String v : values) {
            if (text.contains(v)) {
                return true;
            }
        }
        return false;
    }
}
