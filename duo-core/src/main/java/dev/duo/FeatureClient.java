package dev.duo;

import dev.duo.feature.Feature;
import dev.duo.BlockingStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Calls one AI feature. Get one from {@link DuoClient#feature(String)} or the static
 * {@link DuoClient#forFeature(String)}; it is cheap, thread-safe and follows configuration changes
 * of its client (each call uses the configuration current when it starts).
 *
 * <pre>{@code
 * FeatureClient gen = DuoClient.forFeature("code_generation");
 * Completion c = gen.generate(Map.of("user_instruction", "Parse an ISO date", "language", "java"));
 * }</pre>
 */
public interface FeatureClient {

    /**
     * The feature this client calls.
     *
     * @throws UnknownFeatureException when the key is no feature
     */
    Feature feature();

    /**
     * Renders the feature's prompt with {@code inputs} and waits for the whole answer.
     *
     * @param inputs the feature's named inputs (see {@code duo features show <feature>})
     * @throws ConfigurationException when the feature cannot be served as configured
     * @throws InvalidInputException for inputs the feature does not take, or missing required ones
     * @throws DuoException a subtype for provider failures that retries did not overcome
     */
    Completion generate(Map<String, ?> inputs);

    /**
     * As {@link #generate(Map)}, with parameters that override the prompt's and the model's.
     */
    Completion generate(Map<String, ?> inputs, ModelParams overrides);

    /**
     * Streams the answer and waits for it on this thread: {@code onChunk} gets each piece of text as
     * it arrives (one at a time, all before this returns), then the whole answer is returned as
     * {@link #generate(Map)} returns it. For a thread that passes the pieces on as they come (a
     * servlet writing to its response, a virtual thread per request): an OpenAI-compatible model's
     * answer is read on this very thread, with no hand-off to another one before the request is sent.
     * That holds for the call's first attempt, when the client has no {@code CallInterceptor}; a
     * retry, a fallback model or a replayed stale connection delivers its pieces from the HTTP
     * client's threads (do not count on this thread's thread-locals in {@code onChunk}). Falls back
     * and retries as {@link #stream} does, only before the first piece; an interrupt cancels the call.
     * An exception or error {@code onChunk} throws stops the call and is rethrown here as it was.
     *
     * <pre>{@code
     * Completion c = gen.generate(inputs, piece -> out.print(piece));
     * }</pre>
     *
     * @param inputs the feature's named inputs
     * @param onChunk receives each piece of the answer
     * @throws ConfigurationException when the feature cannot be served as configured
     * @throws InvalidInputException for inputs the feature does not take, or missing required ones
     * @throws DuoException a subtype for provider failures that retries did not overcome
     *         ({@link CancelledException} when the thread is interrupted)
     */
    default Completion generate(Map<String, ?> inputs, Consumer<String> onChunk) {
        return WaitedStream.run(this, inputs, onChunk);
    }

    /**
     * As {@link #generate(Map)}, without waiting: the future completes with the answer or fails
     * with a {@link DuoException}; cancelling it cancels the call.
     */
    CompletableFuture<Completion> generateAsync(Map<String, ?> inputs);

    /**
     * Streams the answer: the listener gets chunks as they arrive, then exactly one terminal
     * signal. Returns at once; configuration and input errors are delivered to the listener too.
     */
    StreamHandle stream(Map<String, ?> inputs, StreamListener listener);

    /**
     * Streams the answer as a blocking iterator of chunks, then {@link BlockingStream#completion()};
     * closing it early cancels the call.
     *
     * <pre>{@code
     * try (BlockingStream s = client.streamBlocking(inputs)) {
     *     s.forEachRemaining(System.out::print);
     * }
     * }</pre>
     */
    BlockingStream streamBlocking(Map<String, ?> inputs);

    /**
     * Continues a conversation (for chat features, whose input is the conversation): the prompt's
     * system message, then {@code conversation}.
     */
    Completion chat(List<Message> conversation);
}
