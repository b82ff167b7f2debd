package dev.duo.testkit;

import dev.duo.feature.FeatureRegistry;
import dev.duo.spi.ModelRequest;
import dev.duo.testkit.internal.fake.CallFormat;
import dev.duo.testkit.internal.fake.KnownFeatures;
import dev.duo.testkit.internal.fake.Matchers;
import java.util.ArrayList;
import java.util.List;

/**
 * The requests a test double received, and assertions on them whose failures show what was
 * expected and every call actually recorded. {@link FakeModelClient}, {@code RecordingModelClient}
 * and {@code ReplayModelClient} all keep one. A feature may be named by its key or an alias
 * ({@code code_generation} finds the calls recorded as {@code code_generations}); a name that no
 * feature of {@link #features()} has fails at once with the SDK's {@link dev.duo.UnknownFeatureException},
 * which lists the closest names.
 *
 * <pre>{@code
 * fake.assertCalled("generate_commit_message").assertUserMessageContains("README.md");
 * fake.assertCalledTimes(RequestMatcher.feature("duo_chat"), 2);
 * fake.assertNotCalled(RequestMatcher.feature("code_completions"));
 * }</pre>
 */
public interface CallLog {

    /** Every request received, in order (faulted attempts and retries included). */
    List<ModelRequest> requests();

    /**
     * The features that names given to the assertions are resolved against: those of the {@code
     * DuoClient} the log was wired into by {@link TestClients} or {@code @DuoTest} (the user's own
     * features included), else the bundled ones.
     */
    default FeatureRegistry features() {
        return KnownFeatures.of(this);
    }

    /** Every request received, as calls numbered from 1. */
    default List<RecordedCall> calls() {
        List<ModelRequest> all = requests();
        List<RecordedCall> out = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            out.add(new RecordedCall(all.get(i), i + 1));
        }
        return out;
    }

    /** The calls that match. */
    default List<RecordedCall> calls(RequestMatcher matcher) {
        RequestMatcher m = Matchers.bind(matcher, features());
        return calls().stream().filter(c -> m.matches(c.request())).toList();
    }

    /**
     * Fails unless some call was for this feature key or alias; returns the last such call.
     *
     * @throws AssertionError listing the calls recorded
     */
    default RecordedCall assertCalled(String feature) {
        return assertCalled(RequestMatcher.feature(feature));
    }

    /**
     * Fails unless some call matches; returns the last that does.
     *
     * @throws AssertionError saying, for each call recorded, why it does not match
     */
    default RecordedCall assertCalled(RequestMatcher matcher) {
        matcher = Matchers.bind(matcher, features());
        List<RecordedCall> hits = calls(matcher);
        if (hits.isEmpty()) {
            throw new AssertionError("expected a call with " + matcher.description() + ", but "
                    + CallFormat.describeMisses(calls(), matcher));
        }
        return hits.get(hits.size() - 1);
    }

    /**
     * Fails unless exactly {@code times} calls were for this feature key or alias; returns them.
     *
     * @throws AssertionError listing the calls recorded
     */
    default List<RecordedCall> assertCalledTimes(String feature, int times) {
        return assertCalledTimes(RequestMatcher.feature(feature), times);
    }

    /**
     * Fails unless exactly {@code times} calls match; returns them.
     *
     * @throws AssertionError listing the calls recorded
     */
    default List<RecordedCall> assertCalledTimes(RequestMatcher matcher, int times) {
        matcher = Matchers.bind(matcher, features());
        List<RecordedCall> hits = calls(matcher);
        if (hits.size() != times) {
            throw new AssertionError("expected " + times + " call(s) with " + matcher.description() + ", but "
                    + hits.size() + " matched; " + CallFormat.describeAll(calls()));
        }
        return hits;
    }

    /**
     * Fails if any call was for this feature key or alias.
     *
     * @throws AssertionError showing the calls that were
     */
    default void assertNotCalled(String feature) {
        assertNotCalled(RequestMatcher.feature(feature));
    }

    /**
     * Fails if any call matches.
     *
     * @throws AssertionError showing the calls that matched
     */
    default void assertNotCalled(RequestMatcher matcher) {
        matcher = Matchers.bind(matcher, features());
        List<RecordedCall> hits = calls(matcher);
        if (!hits.isEmpty()) {
            throw new AssertionError("expected no call with " + matcher.description() + ", but " + hits.size()
                    + " matched; " + CallFormat.describeAll(hits));
        }
    }

    /**
     * Fails if any call was made.
     *
     * @throws AssertionError showing the calls
     */
    default void assertNoCalls() {
        if (!requests().isEmpty()) {
            throw new AssertionError("expected no call, but " + CallFormat.describeAll(calls()));
        }
    }
}
