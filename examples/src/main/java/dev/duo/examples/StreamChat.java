package dev.duo.examples;

import dev.duo.Completion;
import dev.duo.DuoClient;
import dev.duo.DuoException;
import dev.duo.Message;
import dev.duo.StreamListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Streams a chat answer to standard output as it is generated.
 *
 * <pre>{@code
 * java -cp duo.jar dev.duo.examples.StreamChat "What is a monad, in two sentences?"
 * }</pre>
 */
public final class StreamChat {

    private StreamChat() {
    }

    /** {@code args}: the question. */
    public static void main(String[] args) throws InterruptedException {
        String question = args.length > 0 ? args[0] : "What is a monad, in two sentences?";
        CountDownLatch done = new CountDownLatch(1);
        try (DuoClient duo = DuoClient.builder().build()) {
            // duo_chat takes the conversation as its "messages" input.
            duo.feature("duo_chat").stream(Map.of("messages", List.of(Message.user(question))), new StreamListener() {
                @Override
                public void onChunk(String text) {
                    System.out.print(text);
                    System.out.flush();
                }

                @Override
                public void onComplete(Completion completion) {
                    System.out.println();
                    done.countDown();
                }

                @Override
                public void onError(DuoException error) {
                    System.err.println("error: " + error.getMessage());
                    done.countDown();
                }
            });
            done.await();
        }
    }
}
