package dev.duo.testkit.internal.fake;

import dev.duo.spi.ModelRequest;
import dev.duo.testkit.RecordedCall;
import dev.duo.testkit.RequestMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where a fake's answers come from: scripted rules (newest first), then the queue, then the default
 * answer the test opted in to. A call none of them serves is an {@link AssertionError} naming the
 * feature called and what was scripted, thrown to the caller and kept, so that the test fails even
 * when the code under test swallowed it. Thread-safe.
 *
 * @param <A> the answer type
 */
public final class AnswerScript<A> {

    private final List<ScriptRule<A>> rules = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<A> queue = new ConcurrentLinkedDeque<>();
    private final List<AssertionError> unscripted = new CopyOnWriteArrayList<>();
    private volatile A defaultAnswer;

    /** A script answering nothing yet, or {@code defaultAnswer} (may be null) to what nothing else serves. */
    public AnswerScript(A defaultAnswer) {
        this.defaultAnswer = defaultAnswer;
    }

    /** Adds a rule: matching requests get {@code answers} in order, the last one from then on. */
    public void rule(RequestMatcher matcher, List<A> answers) {
        rules.add(new ScriptRule<>(matcher, answers));
    }

    /** Queues an answer for a coming call of any feature. */
    public void enqueue(A answer) {
        queue.add(Objects.requireNonNull(answer, "answer"));
    }

    /** Opts in to answering what nothing else serves. */
    public void defaultAnswer(A answer) {
        this.defaultAnswer = Objects.requireNonNull(answer, "answer");
    }

    /**
     * The answer for {@code request}; {@code consume} moves rules and the queue on (a faulted call
     * only peeks, so the retry gets the same answer).
     *
     * @param callNumber the call's number among those received, for the message
     * @throws AssertionError when nothing answers the request
     */
    public A answer(ModelRequest request, boolean consume, int callNumber) {
        A a = find(request, consume);
        if (a != null) {
            return a;
        }
        AssertionError e = new AssertionError(message(request, callNumber));
        unscripted.add(e);
        throw e;
    }

    /** The answer {@code request} would get, without moving on, or {@code otherwise} when nothing answers. */
    public A peek(ModelRequest request, A otherwise) {
        A a = find(request, false);
        return a != null ? a : otherwise;
    }

    /**
     * Fails again with the first call that found no answer.
     *
     * @throws AssertionError naming the feature called and what was scripted
     */
    public void assertNoUnscriptedCalls() {
        if (!unscripted.isEmpty()) {
            AssertionError first = unscripted.get(0);
            String more = unscripted.size() > 1 ? " (and " + (unscripted.size() - 1) + " more unscripted call(s))" : "";
            throw new AssertionError(first.getMessage() + more, first);
        }
    }

    private A find(ModelRequest request, boolean consume) {
        for (int i = rules.size() - 1; i >= 0; i--) {
            ScriptRule<A> r = rules.get(i);
            if (r.matches(request)) {
                return r.next(consume);
            }
        }
        A a = consume ? queue.pollFirst() : queue.peekFirst();
        return a != null ? a : defaultAnswer;
    }

    private String message(ModelRequest request, int callNumber) {
        String feature = request.feature().orElse(null);
        Set<String> features = new LinkedHashSet<>();
        List<String> others = new ArrayList<>();
        for (ScriptRule<A> r : rules) {
            features.addAll(Matchers.features(r.matcher()));
            if (!(r.matcher() instanceof FeatureMatcher)) {
                others.add(r.matcher().description());
            }
        }
        StringBuilder sb = new StringBuilder("the fake model has no answer for call #").append(callNumber)
                .append(feature != null ? ", to feature '" + feature + "'" : " (no feature)").append(": ");
        if (rules.isEmpty()) {
            sb.append("the test scripted no answer (no whenFeature/when rule, nothing enqueued)");
        } else {
            sb.append("the features scripted are ").append(features.isEmpty() ? "none" : features);
            if (!others.isEmpty()) {
                sb.append(", by the rules ").append(others.stream().map(d -> "'" + d + "'").toList());
            }
            if (feature != null && features.contains(feature)) {
                sb.append(" (a rule names '").append(feature).append("', but this call matches none of its conditions)");
            }
        }
        sb.append(". Script it: fake.whenFeature(\"").append(feature != null ? feature : "...")
                .append("\").thenAnswer(\"...\"); or opt in to one answer for every unscripted call: "
                        + "fake.defaultAnswer(\"...\").");
        sb.append("\n").append(CallFormat.describe(new RecordedCall(request, callNumber)));
        return sb.toString();
    }
}
