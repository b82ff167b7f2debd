package dev.duo.testkit.internal.fake;

import dev.duo.spi.ModelRequest;
import dev.duo.testkit.RequestMatcher;
import java.util.ArrayDeque;
import java.util.List;

/**
 * One {@code fake.when(matcher).thenAnswer(a, b, c)} rule: its answers in order, the last one
 * repeating. A faulted call only peeks, so the retry gets the same answer.
 *
 * @param <A> the answer type
 */
public final class ScriptRule<A> {

    private final RequestMatcher matcher;
    private final ArrayDeque<A> queue;

    /** A rule answering {@code answers} (at least one) to requests that match. */
    public ScriptRule(RequestMatcher matcher, List<A> answers) {
        this.matcher = matcher;
        this.queue = new ArrayDeque<>(answers);
    }

    /** What the rule answers. */
    public RequestMatcher matcher() {
        return matcher;
    }

    /** Whether the rule applies. */
    public boolean matches(ModelRequest request) {
        return matcher.matches(request);
    }

    /** The answer for this call; {@code consume} moves on to the next one (never past the last). */
    public synchronized A next(boolean consume) {
        return consume && queue.size() > 1 ? queue.pollFirst() : queue.peekFirst();
    }
}
