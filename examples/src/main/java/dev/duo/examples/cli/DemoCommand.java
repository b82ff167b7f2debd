package dev.duo.examples.cli;

import dev.duo.Completion;
import dev.duo.DuoClient;
import dev.duo.Message;
import dev.duo.admin.Provenance;
import dev.duo.config.DuoConfig;
import dev.duo.feature.FeatureSetting;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.testkit.FakeOpenAiServer;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code duo demo}: one feature call through the whole path, with no credentials. Starts the
 * testkit's OpenAI-compatible demo server on loopback, configures a model and feature settings for
 * it in memory (duo.yml is neither read nor written), and runs code generation and a streamed chat
 * through the real OpenAI-compatible client over real HTTP.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run code generation and chat end to end against a local demo server (no credentials, "
                + "duo.yml untouched).",
        footerHeading = "%nExamples:%n",
        footer = {"  duo demo", "  duo demo --config ignored.yml   (the demo never reads or writes duo.yml)"})
final class DemoCommand extends BaseCommand {

    static final String MODEL = "Demo Mistral [local OpenAI-compatible server]";

    @Override
    int execute() {
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            SelfHostedModel model = SelfHostedModel.builder()
                    .name(MODEL)
                    .family(ModelFamily.MISTRAL)
                    .identifier("custom_openai/demo-mistral-7b-instruct")
                    .endpoint(server.endpoint())
                    .build();
            DuoConfig config = DuoConfig.builder()
                    .model(model)
                    .feature("code_generations", FeatureSetting.selfHosted(MODEL))
                    .feature("duo_chat", FeatureSetting.selfHosted(MODEL))
                    .build();
            out().println(colour("@|bold Duo SDK demo|@") + ": a local OpenAI-compatible demo server is listening at "
                    + server.endpoint());
            out().println("(it answers by echoing the request's last message, one token per word)");
            out().println();
            try (DuoClient duo = DuoClient.builder().config(config).environment(environment().variables()).build();
                 // the demo's client is the default one here, so the calls are written as README writes them
                 DuoClient.DefaultOverride asDefault = DuoClient.overrideDefault(duo)) {
                out().println(colour("@|bold 1. code generation|@") + " -- DuoClient.forFeature(\"code_generation\").generate(...)");
                Completion gen = DuoClient.forFeature("code_generation").generate(Map.of(
                        "user_instruction", "Write a Java method that reverses a string.",
                        "language", "java",
                        "file_name", "Strings.java"));
                out().println(indent(gen.text()));
                describe(gen);

                out().println();
                out().println(colour("@|bold 2. chat, streamed|@") + " -- DuoClient.forFeature(\"duo_chat\").stream(...)");
                out().print("  ");
                Completion chat = Streams.print(out(), listener -> DuoClient.forFeature("duo_chat").stream(
                        Map.of("messages", List.of(Message.user("What does a code review look for first?"))), listener));
                describe(chat);
            }
            out().println();
            out().println("Both answers came from the local demo server (" + server.requestCount()
                    + " HTTP requests received at " + server.endpoint() + ").");
            out().println("Next: 'duo models seed', 'duo features assign code_generation --model <name>', 'duo verify'.");
            return 0;
        }
    }

    private void describe(Completion c) {
        Provenance p = c.provenance().orElseThrow();
        out().println("  feature  " + p.feature());
        out().println("  model    " + p.model() + " (family " + p.family() + ")");
        out().println("  prompt   " + p.prompt());
        out().println("  provider " + p.platform() + " -- the OpenAI-compatible client of duo-fireworks, over HTTP");
        out().println("  answer   " + c.finishReason() + ", " + c.usage().inputTokens() + " tokens in, "
                + c.usage().outputTokens() + " out, " + c.latency().toMillis() + " ms"
                + c.requestId().map(id -> ", request id " + id).orElse(""));
    }

    private static String indent(String text) {
        return "  " + text.strip().replace("\n", "\n  ");
    }
}
