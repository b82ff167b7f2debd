package dev.duo.testkit.record;

import dev.duo.Completion;
import dev.duo.FinishReason;
import dev.duo.Message;
import dev.duo.ModelParams;
import dev.duo.Usage;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.RequestMode;
import java.util.List;
import java.util.Objects;

/**
 * One recorded exchange: what was asked (feature, model, mode, rendered messages, parameters sent)
 * and what came back (text, the chunks a stream delivered, finish reason, usage, request id).
 * Secrets are scrubbed before an exchange is made.
 *
 * <pre>{@code
 * Recording r = Recording.read(Path.of("src/test/resources/duo-recordings/MyTest/works.json"));
 * r.exchanges().forEach(e -> System.out.println(e.feature() + " -> " + e.text()));
 * }</pre>
 *
 * @param feature the feature key, or null when the request carried none
 * @param model the model's name (a label given to the recorder)
 * @param streamed whether the call was a stream (replay serves either kind from either)
 * @param mode chat or text
 * @param messages the rendered messages
 * @param params the parameters sent
 * @param text the answer's text
 * @param chunks the chunks a stream delivered, in order; for a blocking call, the whole text as one
 * @param finishReason why generation stopped
 * @param usage the tokens reported
 * @param requestId the provider's request id, or null
 */
public record Exchange(String feature, String model, boolean streamed, RequestMode mode, List<Message> messages,
                       ModelParams params, String text, List<String> chunks, FinishReason finishReason, Usage usage,
                       String requestId) {

    /** Copies the lists and rejects missing parts. */
    public Exchange {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(mode, "mode");
        messages = List.copyOf(messages);
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(text, "text");
        chunks = List.copyOf(chunks);
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(usage, "usage");
    }

    /** The request this exchange answers, as a model client receives it. */
    public ModelRequest request() {
        return ModelRequest.builder().messages(messages).params(params).mode(mode).feature(feature).build();
    }

    /** The completion a replay returns: text, finish reason, usage, request id. */
    public Completion completion() {
        return Completion.builder().text(text).finishReason(finishReason).usage(usage).requestId(requestId).build();
    }
}
