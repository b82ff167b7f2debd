package dev.duo;

/**
 * Receives a streamed answer: any number of {@link #onChunk} calls, then exactly one of
 * {@link #onComplete} or {@link #onError}.
 *
 * <p>Calls for one stream never overlap, but may come from a thread other than the caller's.
 * A listener that throws does not break the stream: the call still ends with one terminal signal
 * and the exception is logged.
 *
 * <pre>{@code
 * client.stream(inputs, new StreamListener() {
 *     public void onChunk(String text) { System.out.print(text); }
 *     public void onComplete(Completion done) { System.out.println(); }
 *     public void onError(DuoException error) { System.err.println(error.getMessage()); }
 * });
 * }</pre>
 */
public interface StreamListener {

    /** A piece of text, in order, as it arrived. */
    void onChunk(String text);

    /** The whole answer; the last signal of a successful stream. */
    void onComplete(Completion completion);

    /** The error that ended the stream; the last signal of a failed or cancelled stream. */
    void onError(DuoException error);
}
