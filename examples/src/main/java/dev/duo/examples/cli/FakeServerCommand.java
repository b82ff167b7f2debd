package dev.duo.examples.cli;

import dev.duo.testkit.FakeAzureOpenAiServer;
import dev.duo.testkit.FakeBedrockServer;
import dev.duo.testkit.FakeOpenAiServer;
import dev.duo.testkit.FakeVertexServer;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code duo fake-server}: runs one of the testkit's protocol-faithful fake servers on loopback until
 * interrupted, and prints the duo.yml model entry that points at it.
 */
@Command(name = "fake-server", mixinStandardHelpOptions = true,
        description = "Run a fake OpenAI-compatible, Bedrock, Azure OpenAI or Vertex AI server on 127.0.0.1 (it echoes the last user "
                + "message) and print the duo.yml model that points at it. Stops on Ctrl-C.",
        footerHeading = "%nExamples:%n",
        footer = {"  duo fake-server --protocol openai --port 8089",
                  "  duo fake-server --protocol bedrock",
                  "  duo fake-server --protocol vertex     # writes fake-vertex-sa.json, a throwaway service-account key",
                  "  duo generate code_generation --input user_instruction='a fizzbuzz'   (in another terminal)"})
final class FakeServerCommand extends BaseCommand {

    enum Protocol { openai, bedrock, azure, vertex }

    @Option(names = "--protocol", required = true, description = "openai, bedrock, azure or vertex.")
    Protocol protocol;

    private static final String VERTEX_KEY = "fake-vertex-sa.json";

    @Option(names = "--port", description = "The port to listen on (default: any free port).")
    int port;

    @Option(names = "--for", hidden = true, description = "Stop after this many seconds (for tests).")
    Long seconds;

    @Override
    int execute() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw usage("--port must be between 0 and 65535, got " + port);
        }
        AutoCloseable server;
        URI endpoint;
        if (protocol == Protocol.openai) {
            FakeOpenAiServer s = FakeOpenAiServer.start(port);
            server = s;
            endpoint = s.endpoint();
        } else if (protocol == Protocol.azure) {
            FakeAzureOpenAiServer s = FakeAzureOpenAiServer.builder().port(port).start();
            server = s;
            endpoint = s.endpoint();
        } else if (protocol == Protocol.vertex) {
            FakeVertexServer s = FakeVertexServer.builder().port(port).start();
            server = s;
            endpoint = s.endpoint();
            try {
                Files.writeString(environment().workingDirectory().resolve(VERTEX_KEY), s.serviceAccountJson());
            } catch (java.io.IOException e) {
                s.close();
                throw new CliException("cannot write " + VERTEX_KEY + " in the working directory: " + e.getMessage());
            }
        } else {
            FakeBedrockServer s = FakeBedrockServer.start(port);
            server = s;
            endpoint = s.endpoint();
        }
        try {
            out().println("Fake " + protocol + " server listening at " + endpoint);
            out().println("Put this model in duo.yml (then 'duo features assign <feature> --model \"Fake "
                    + protocol + "\"'):");
            out().println();
            out().println("models:");
            out().println("  - name: \"Fake " + protocol + "\"");
            if (protocol == Protocol.openai) {
                out().println("    family: mistral");
                out().println("    identifier: custom_openai/fake-model");
                out().println("    endpoint: " + endpoint);
            } else if (protocol == Protocol.azure) {
                out().println("    family: gpt");
                out().println("    identifier: azure/fake-deployment");
                out().println("    endpoint: " + endpoint);
                out().println("    api_key: fake-azure-key            # any key");
            } else if (protocol == Protocol.vertex) {
                out().println("    family: claude_3");
                out().println("    identifier: vertex_ai/claude-sonnet-4@20250514");
                out().println("    project: " + FakeVertexServer.PROJECT);
                out().println("    region: us-east5");
                out().println("    endpoint: " + endpoint);
                out().println("    credentials_file: ./" + VERTEX_KEY + "   # written now; its token_uri is this server");
            } else {
                out().println("    family: claude_3");
                out().println("    identifier: bedrock/anthropic.claude-3-5-haiku-20241022-v1:0");
                out().println("    endpoint: " + endpoint + "     # AWS credentials of any value sign the requests");
            }
            out().println();
            out().println("Press Ctrl-C to stop.");
            out().flush();
            CountDownLatch forever = new CountDownLatch(1);
            if (seconds == null) {
                forever.await();
            } else {
                forever.await(Duration.ofSeconds(seconds).toMillis(), TimeUnit.MILLISECONDS);
            }
            return 0;
        } finally {
            try {
                server.close();
            } catch (Exception e) {
                err().println("warning: closing the fake server failed: " + e.getMessage());
            }
        }
    }
}
