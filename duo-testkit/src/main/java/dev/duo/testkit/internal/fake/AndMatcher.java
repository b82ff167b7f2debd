package dev.duo.testkit.internal.fake;

import dev.duo.spi.ModelRequest;
import dev.duo.testkit.RequestMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code a.and(b)}: both matchers; a class of its own so that the feature names inside can be resolved. */
public final class AndMatcher implements RequestMatcher {

    private final RequestMatcher left;
    private final RequestMatcher right;

    /** Both {@code left} and {@code right}. */
    public AndMatcher(RequestMatcher left, RequestMatcher right) {
        this.left = left;
        this.right = right;
    }

    /** The first part. */
    public RequestMatcher left() {
        return left;
    }

    /** The second part. */
    public RequestMatcher right() {
        return right;
    }

    @Override
    public boolean matches(ModelRequest r) {
        return left.matches(r) && right.matches(r);
    }

    @Override
    public String description() {
        return left.description() + " and " + right.description();
    }

    @Override
    public Optional<String> mismatch(ModelRequest r) {
        List<String> why = new ArrayList<>();
        left.mismatch(r).ifPresent(why::add);
        right.mismatch(r).ifPresent(why::add);
        return why.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", why));
    }
}
