package dev.duo.prompt;

import dev.duo.Message;
import dev.duo.ModelParams;
import dev.duo.spi.RequestMode;
import java.util.List;
import java.util.Objects;

/**
 * A prompt rendered for one call: the messages to send and the prompt's own parameters.
 *
 * <pre>{@code
 * RenderedPrompt p = template.render(feature, Map.of("selected_text", code));
 * p.messages().forEach(m -> System.out.println(m.role() + ": " + m.content()));
 * }</pre>
 *
 * @param messages the rendered messages, conversation inputs included
 * @param params the prompt definition's parameters ({@code model.params}, {@code params.stop}, {@code params.timeout})
 * @param mode chat, or raw text completion
 */
public record RenderedPrompt(List<Message> messages, ModelParams params, RequestMode mode) {

    /** Copies the messages. */
    public RenderedPrompt {
        messages = List.copyOf(messages);
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(mode, "mode");
    }
}
