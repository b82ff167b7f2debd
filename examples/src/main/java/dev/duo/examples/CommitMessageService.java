package dev.duo.examples;

import dev.duo.Completion;
import dev.duo.DuoClient;
import dev.duo.DuoException;
import dev.duo.BlockingStream;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A small service of the kind users write: it asks Duo's commit-message feature for a message for a
 * diff, through the static {@link DuoClient#forFeature} (no client passed in, no seam for tests:
 * the testkit's {@code @DuoTest} swaps the default client for a fake).
 *
 * <pre>{@code
 * String message = new CommitMessageService().messageFor(diff, "DUO-42");
 * }</pre>
 */
public final class CommitMessageService {

    /** What the service answers when the model stays unavailable after the SDK's retries. */
    public static final String FALLBACK = "Update files";

    private static final String FEATURE = "generate_commit_message";

    /**
     * A commit message for {@code diff}.
     *
     * @param ticket an issue key the message must mention, or null
     * @throws DuoException when the request itself is wrong (configuration, inputs): that is a bug to see
     */
    public String messageFor(String diff, String ticket) {
        try {
            Completion c = DuoClient.forFeature(FEATURE).generate(inputs(diff, ticket));
            return tidy(c.text());
        } catch (DuoException e) {
            if (!e.retryable()) {
                throw e;
            }
            return FALLBACK;   // the provider stayed down through every retry: don't block the commit
        }
    }

    /** Streams the message as the model writes it to {@code sink}, and returns it tidied. */
    public String streamMessageFor(String diff, Consumer<String> sink) {
        try (BlockingStream s = DuoClient.forFeature(FEATURE).streamBlocking(inputs(diff, null))) {
            s.forEachRemaining(sink);
            return tidy(s.completion().text());
        }
    }

    private static Map<String, Object> inputs(String diff, String ticket) {
        Map<String, Object> inputs = new HashMap<>();
        inputs.put("diff", diff);
        if (ticket != null) {
            inputs.put("input", "Mention ticket " + ticket + " in the body.");
        }
        return inputs;
    }

    // Models like to wrap the message in a code fence or quotes; a commit message has neither.
    static String tidy(String text) {
        String t = text.strip();
        if (t.startsWith("```")) {
            t = t.replaceFirst("^```[a-z]*\\n?", "").replaceFirst("\\n?```$", "").strip();
        }
        if (t.length() > 1 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1);
        }
        return t;
    }
}
