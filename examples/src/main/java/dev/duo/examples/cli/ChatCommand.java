package dev.duo.examples.cli;

import dev.duo.Completion;
import dev.duo.ConfigurationException;
import dev.duo.DuoClient;
import dev.duo.DuoException;
import dev.duo.FeatureClient;
import dev.duo.Message;
import dev.duo.feature.Feature;
import dev.duo.feature.FeatureInput;
import dev.duo.feature.InputKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code duo chat}: a conversation with a chat feature, streamed, until /exit or end of input. */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Talk with a chat feature (default duo_chat): each line you type is a turn, the answer is "
                + "streamed and the whole conversation is sent each time.", "Type /exit (or end the input) to stop."},
        footerHeading = "%nExamples:%n",
        footer = {"  duo chat", "  echo 'What is a monad?' | duo chat"})
final class ChatCommand extends BaseCommand {

    @Parameters(paramLabel = "FEATURE", arity = "0..1", defaultValue = "duo_chat",
            description = "A chat feature (default: ${DEFAULT-VALUE}).")
    String feature;

    @Override
    int execute() throws IOException {
        Feature f = root().features(config()).get(feature);
        String conversationInput = f.inputs().stream().filter(i -> i.kind() == InputKind.CONVERSATION)
                .map(FeatureInput::name).findFirst()
                .orElseThrow(() -> new CliException(f.key() + " is not a chat feature (it takes no conversation): use "
                        + "'duo generate " + f.key() + " --input ...' instead"));
        boolean interactive = environment().interactive();
        BufferedReader in = new BufferedReader(new InputStreamReader(environment().stdin(), StandardCharsets.UTF_8));
        List<Message> conversation = new ArrayList<>();
        try (DuoClient duo = root().client()) {
            FeatureClient client = duo.feature(f.key());
            if (interactive) {
                out().println(f.title() + ": type a message, /exit to stop.");
            }
            while (true) {
                if (interactive) {
                    out().print(colour("@|bold you>|@ "));
                    out().flush();
                }
                String line = in.readLine();
                if (line == null || line.trim().equals("/exit")) {
                    break;
                }
                if (line.isBlank()) {
                    continue;
                }
                conversation.add(Message.user(line));
                List<Message> turn = List.copyOf(conversation);
                try {
                    Completion answer = Streams.print(out(), environment().terminal(),
                            l -> client.stream(Map.of(conversationInput, turn), l));
                    conversation.add(Message.assistant(answer.text()));
                } catch (ConfigurationException e) {
                    throw e; // configuration does not fix itself between turns
                } catch (DuoException e) {
                    // A failed turn is dropped so the next one starts from a consistent conversation.
                    conversation.remove(conversation.size() - 1);
                    err().println(colour("@|bold,red error:|@ ") + e.getMessage() + " (type the message again, or /exit)");
                    err().flush();
                }
            }
        }
        return 0;
    }
}
