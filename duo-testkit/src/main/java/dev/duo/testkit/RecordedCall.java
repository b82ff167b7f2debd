package dev.duo.testkit;

import dev.duo.Message;
import dev.duo.ModelParams;
import dev.duo.Role;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.RequestMode;
import dev.duo.testkit.internal.fake.CallFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One request a fake (or a recording) received, with the views tests assert on: the rendered
 * messages, the parameters sent, the feature. Its own assertions fail with the whole request shown.
 *
 * <pre>{@code
 * RecordedCall call = fake.assertCalled("generate_commit_message");
 * call.assertUserMessageContains("README.md");
 * assertThat(call.params().temperature()).hasValue(0.2);
 * }</pre>
 */
public final class RecordedCall {

    private final ModelRequest request;
    private final int index;

    /**
     * @param request the request
     * @param index its position among the calls recorded, from 1
     */
    public RecordedCall(ModelRequest request, int index) {
        this.request = Objects.requireNonNull(request, "request");
        this.index = index;
    }

    /** The request as the model client received it. */
    public ModelRequest request() {
        return request;
    }

    /** Its position among the calls recorded, from 1. */
    public int index() {
        return index;
    }

    /** The feature key, or empty text when the request carried none. */
    public String feature() {
        return request.feature().orElse("");
    }

    /** The rendered messages. */
    public List<Message> messages() {
        return request.messages();
    }

    /** The system message's text, or empty text when there is none. */
    public String systemMessage() {
        return joined(Role.SYSTEM);
    }

    /** The user messages' text, joined by blank lines (the rendered inputs mostly land here). */
    public String userMessage() {
        return joined(Role.USER);
    }

    /** Every message's text, joined by blank lines. */
    public String text() {
        return request.messages().stream().map(Message::content).collect(Collectors.joining("\n\n"));
    }

    /** The parameters sent. */
    public ModelParams params() {
        return request.params();
    }

    /** Chat or text. */
    public RequestMode mode() {
        return request.mode();
    }

    /** Fails unless some message contains {@code text}, showing the messages. */
    public RecordedCall assertMessageContains(String text) {
        return check(RequestMatcher.messageContains(text));
    }

    /** Fails unless some user message contains {@code text}, showing the messages. */
    public RecordedCall assertUserMessageContains(String text) {
        return check(RequestMatcher.userMessageContains(text));
    }

    /** Fails unless the request matches, showing why not and the request. */
    public RecordedCall check(RequestMatcher matcher) {
        matcher.mismatch(request).ifPresent(why -> {
            throw new AssertionError("call #" + index + " does not match: expected " + matcher.description()
                    + ", but " + why + ".\nThe call was:\n" + CallFormat.describe(this));
        });
        return this;
    }

    private String joined(Role role) {
        return request.messages().stream().filter(m -> m.role() == role).map(Message::content)
                .collect(Collectors.joining("\n\n"));
    }

    @Override
    public String toString() {
        return "RecordedCall#" + index + "{" + request + "}";
    }
}
