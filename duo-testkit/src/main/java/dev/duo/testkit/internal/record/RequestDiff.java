package dev.duo.testkit.internal.record;

import dev.duo.Message;
import dev.duo.ModelParams;
import dev.duo.spi.ModelRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Says which field of a request differs from a recorded one, diff-style, for replay failures. */
public final class RequestDiff {

    private static final int CONTEXT = 40;

    private RequestDiff() {
    }

    /** Every differing field, described; empty when the requests are equal. */
    public static List<String> differences(ModelRequest recorded, ModelRequest now) {
        List<String> out = new ArrayList<>();
        if (!Objects.equals(recorded.feature(), now.feature())) {
            out.add("feature: recorded '" + recorded.feature().orElse("(none)") + "', now '" + now.feature().orElse("(none)") + "'");
        }
        if (recorded.mode() != now.mode()) {
            out.add("mode: recorded " + recorded.mode() + ", now " + now.mode());
        }
        List<Message> a = recorded.messages();
        List<Message> b = now.messages();
        if (a.size() != b.size()) {
            out.add("messages: recorded " + a.size() + ", now " + b.size());
        }
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (a.get(i).role() != b.get(i).role()) {
                out.add("messages[" + i + "].role: recorded " + a.get(i).role().wireName() + ", now " + b.get(i).role().wireName());
            }
            textDiff("messages[" + i + "].content (" + b.get(i).role().wireName() + ")", a.get(i).content(),
                    b.get(i).content()).ifPresent(out::add);
        }
        paramDiffs(recorded.params(), now.params(), out);
        return out;
    }

    /** How many fields differ: used to pick the closest recorded exchange. */
    public static int distance(ModelRequest recorded, ModelRequest now) {
        return differences(recorded, now).size();
    }

    private static void paramDiffs(ModelParams a, ModelParams b, List<String> out) {
        param("max_tokens", a.maxTokens().isPresent() ? a.maxTokens().getAsInt() : null,
                b.maxTokens().isPresent() ? b.maxTokens().getAsInt() : null, out);
        param("temperature", a.temperature().isPresent() ? a.temperature().getAsDouble() : null,
                b.temperature().isPresent() ? b.temperature().getAsDouble() : null, out);
        param("top_p", a.topP().isPresent() ? a.topP().getAsDouble() : null,
                b.topP().isPresent() ? b.topP().getAsDouble() : null, out);
        param("stop", a.stop().orElse(null), b.stop().orElse(null), out);
        param("timeout", a.timeout().orElse(null), b.timeout().orElse(null), out);
    }

    private static void param(String name, Object recorded, Object now, List<String> out) {
        if (!Objects.equals(recorded, now)) {
            out.add("params." + name + ": recorded " + (recorded == null ? "(not set)" : recorded)
                    + ", now " + (now == null ? "(not set)" : now));
        }
    }

    private static Optional<String> textDiff(String field, String recorded, String now) {
        if (recorded.equals(now)) {
            return Optional.empty();
        }
        int at = 0;
        while (at < recorded.length() && at < now.length() && recorded.charAt(at) == now.charAt(at)) {
            at++;
        }
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (recorded.charAt(i) == '\n') {
                line++;
            }
        }
        int from = Math.max(0, at - CONTEXT);
        String lead = "      recorded: ";
        int caret = lead.length() + 1 + (from > 0 ? 3 : 0) + escape(recorded.substring(from, at)).length();
        return Optional.of(field + " differs at character " + at + " (line " + line + "):\n"
                + lead + excerpt(recorded, from, at) + "\n"
                + "      now:      " + excerpt(now, from, at) + "\n"
                + " ".repeat(caret) + "^");
    }

    private static String excerpt(String s, int from, int at) {
        int to = Math.min(s.length(), at + CONTEXT);
        return "\"" + (from > 0 ? "..." : "") + escape(s.substring(from, to)) + (to < s.length() ? "..." : "") + "\""
                + (at >= s.length() ? " (ends here)" : "");
    }

    private static String escape(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }
}
