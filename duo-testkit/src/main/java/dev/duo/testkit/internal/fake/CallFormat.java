package dev.duo.testkit.internal.fake;

import dev.duo.Message;
import dev.duo.testkit.RecordedCall;
import dev.duo.testkit.RequestMatcher;
import java.util.List;
import java.util.Locale;

/** Renders recorded calls for assertion messages: readable, long texts shortened, nothing hidden that matters. */
public final class CallFormat {

    private static final int MAX_TEXT = 400;

    private CallFormat() {
    }

    /** "N calls were recorded: ..." with every call, or "no call was recorded". */
    public static String describeAll(List<RecordedCall> calls) {
        if (calls.isEmpty()) {
            return "no call was recorded.";
        }
        StringBuilder sb = new StringBuilder(calls.size() == 1 ? "1 call was recorded:" : calls.size() + " calls were recorded:");
        for (RecordedCall c : calls) {
            sb.append('\n').append(describe(c));
        }
        return sb.toString();
    }

    /** Each call with the reason it does not match. */
    public static String describeMisses(List<RecordedCall> calls, RequestMatcher matcher) {
        if (calls.isEmpty()) {
            return "no call was recorded.";
        }
        StringBuilder sb = new StringBuilder(calls.size() == 1 ? "the 1 call recorded does not match:"
                : "none of the " + calls.size() + " calls recorded matches:");
        for (RecordedCall c : calls) {
            sb.append('\n').append(describe(c));
            matcher.mismatch(c.request()).ifPresent(why -> sb.append("\n    -> ").append(why));
        }
        return sb.toString();
    }

    /** One call: number, feature, mode, params, then each message. */
    public static String describe(RecordedCall c) {
        StringBuilder sb = new StringBuilder();
        sb.append("  #").append(c.index()).append(" feature=").append(c.request().feature().orElse("(none)"))
                .append(", mode=").append(c.mode()).append(", params=").append(c.params());
        for (Message m : c.messages()) {
            sb.append("\n    [").append(m.role().name().toLowerCase(Locale.ROOT)).append("] ").append(shorten(m.content()));
        }
        return sb.toString();
    }

    /** The text on one line, cut in the middle when long. */
    public static String shorten(String text) {
        String one = text.replace("\r", "").replace("\n", "\\n");
        if (one.length() <= MAX_TEXT) {
            return one;
        }
        int half = MAX_TEXT / 2;
        return one.substring(0, half) + " [... " + (one.length() - MAX_TEXT) + " chars ...] "
                + one.substring(one.length() - half);
    }
}
