package dev.duo.testkit;

import dev.duo.Message;
import dev.duo.ModelParams;
import dev.duo.Role;
import dev.duo.spi.ModelRequest;
import dev.duo.testkit.internal.fake.AndMatcher;
import dev.duo.testkit.internal.fake.FeatureMatcher;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which requests a scripted answer or an assertion is about. Inputs reach the model rendered into
 * the prompt's messages, so matchers look at the feature key and the rendered message text (and
 * the parameters sent). A matcher explains a miss, which is what failure messages show.
 *
 * <pre>{@code
 * fake.when(RequestMatcher.feature("code_generation").and(RequestMatcher.messageContains("CSV")))
 *     .thenAnswer("def parse_csv(path): ...");
 * fake.assertCalled(RequestMatcher.feature("generate_commit_message").and(RequestMatcher.userMessageContains("README")));
 * }</pre>
 */
public interface RequestMatcher {

    /** Whether the request matches. */
    boolean matches(ModelRequest request);

    /** What the matcher looks for, such as {@code feature = 'duo_chat'}. */
    String description();

    /** Why this request does not match, or empty when it does. */
    default Optional<String> mismatch(ModelRequest request) {
        return matches(request) ? Optional.empty() : Optional.of("not " + description());
    }

    /** Both this matcher and {@code other}. */
    default RequestMatcher and(RequestMatcher other) {
        Objects.requireNonNull(other, "other");
        return new AndMatcher(this, other);
    }

    /** Every request. */
    static RequestMatcher any() {
        return where("any request", r -> true);
    }

    /** A matcher from a predicate and what it looks for. */
    static RequestMatcher where(String description, Predicate<ModelRequest> predicate) {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(predicate, "predicate");
        return new RequestMatcher() {
            @Override
            public boolean matches(ModelRequest r) {
                return predicate.test(r);
            }

            @Override
            public String description() {
                return description;
            }
        };
    }

    /**
     * Requests for this feature, named by its key or an alias ({@code code_generation} matches the
     * calls recorded as {@code code_generations}). A fake or call log that takes the matcher checks
     * the name against the features it knows and fails at once, with the closest names, on one that
     * no feature has.
     */
    static RequestMatcher feature(String keyOrAlias) {
        return FeatureMatcher.of(keyOrAlias);
    }

    /** Requests where some message's text contains {@code text}. */
    static RequestMatcher messageContains(String text) {
        return contains(null, text);
    }

    /** Requests where some user message contains {@code text} (rendered inputs mostly land there). */
    static RequestMatcher userMessageContains(String text) {
        return contains(Role.USER, text);
    }

    /** Requests where the system message contains {@code text}. */
    static RequestMatcher systemMessageContains(String text) {
        return contains(Role.SYSTEM, text);
    }

    /** Requests whose parameters pass {@code check}, such as {@code p -> p.maxTokens().orElse(0) == 64}. */
    static RequestMatcher params(String description, Predicate<ModelParams> check) {
        Objects.requireNonNull(check, "check");
        return new RequestMatcher() {
            @Override
            public boolean matches(ModelRequest r) {
                return check.test(r.params());
            }

            @Override
            public String description() {
                return "params " + description;
            }

            @Override
            public Optional<String> mismatch(ModelRequest r) {
                return matches(r) ? Optional.empty()
                        : Optional.of("params " + r.params() + " are not " + description);
            }
        };
    }

    private static RequestMatcher contains(Role role, String text) {
        Objects.requireNonNull(text, "text");
        String where = role == null ? "a message" : "a " + role.name().toLowerCase(java.util.Locale.ROOT) + " message";
        return new RequestMatcher() {
            @Override
            public boolean matches(ModelRequest r) {
                for (Message m : r.messages()) {
                    if ((role == null || m.role() == role) && m.content().contains(text)) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public String description() {
                return where + " containing '" + text + "'";
            }

            @Override
            public Optional<String> mismatch(ModelRequest r) {
                return matches(r) ? Optional.empty() : Optional.of("no " + where.substring(2) + " contains '" + text + "'");
            }
        };
    }
}
