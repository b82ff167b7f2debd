package dev.duo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeServerCommandTest {

    @TempDir
    Path dir;

    @Test
    void printsTheModelEntryForEachProtocol() {
        Cli.Result openai = new Cli(dir).run("fake-server", "--protocol", "openai", "--for", "0");
        assertThat(openai.code()).as(openai.toString()).isZero();
        assertThat(openai.out()).contains("Fake openai server listening at http://127.0.0.1:")
                .contains("identifier: custom_openai/fake-model").contains("endpoint: http://127.0.0.1:");

        Cli.Result bedrock = new Cli(dir).run("fake-server", "--protocol", "bedrock", "--for", "0");
        assertThat(bedrock.code()).as(bedrock.toString()).isZero();
        assertThat(bedrock.out()).contains("identifier: bedrock/").contains("family: claude_3");
    }

    @Test
    void theServerAnswersWhileTheCommandRuns() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CompletableFuture<Cli.Result> fixed = CompletableFuture.supplyAsync(
                () -> new Cli(dir).run("fake-server", "--protocol", "openai", "--port", String.valueOf(port), "--for", "5"));
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> answer = null;
        for (int i = 0; i < 50 && answer == null; i++) {
            try {
                answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        assertThat(answer).isNotNull();
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("hello there");
        assertThat(fixed.get(10, TimeUnit.SECONDS).code()).isZero();
    }

    @Test
    void aBadProtocolIsAUsageError() {
        Cli.Result r = new Cli(dir).run("fake-server", "--protocol", "grpc");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--protocol").contains("openai, bedrock");
    }
}
