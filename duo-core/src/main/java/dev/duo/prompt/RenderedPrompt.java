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
 * @param parts for each message, the {@code prompt_template} entry it came from: {@code system},
 *     {@code system_static} (a cacheable prefix), {@code system_dynamic}, {@code user},
 *     {@code assistant}, {@code prompt}, {@code placeholder} or {@code conversation}
 * @param params the prompt definition's parameters ({@code model.params}, {@code params.stop}, {@code params.timeout})
 * @param mode chat, or raw text completion
 */
public record RenderedPrompt(List<Message> messages, List<String> parts, ModelParams params, RequestMode mode) {

    /** Copies the lists; {@code parts} has one entry per message. */
    public RenderedPrompt {
        messages = List.copyOf(messages);
        parts = List.copyOf(parts);
        if (parts.size() != messages.size()) {
            throw new IllegalArgumentException("one part per message: " + parts.size() + " parts, "
                    + messages.size() + " messages");
        }
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(mode, "mode");
    }

    /** Messages whose parts are their roles' wire names ({@code system}, {@code user} ...). */
    public RenderedPrompt(List<Message> messages, ModelParams params, RequestMode mode) {
        this(messages, messages.stream().map(m -> m.role().wireName()).toList(), params, mode);
    }
}
