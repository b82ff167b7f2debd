package dev.duo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.testkit.FakeOpenAiServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code DuoClient.forFeature("code_generation")} as a user's program runs it: a separate JVM whose
 * working directory holds a duo.yml pointing at a local OpenAI-compatible server, with neither the
 * testkit nor the Bedrock module on its class path, and no Duo environment variables.
 */
class GenerateCodeProgramTest {

    @TempDir
    Path dir;

    @Test
    void forFeatureReadsDuoYmlFindsTheProviderAndCallsTheServer() throws Exception {
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            Files.writeString(dir.resolve("duo.yml"), """
                    models:
                      - name: Local vLLM
                        family: mistral
                        identifier: mistralai/Mistral-7B-Instruct-v0.3
                        endpoint: %s
                    features:
                      code_generation: { provider: self_hosted, model: Local vLLM }
                    """.formatted(server.endpoint()));
            String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .filter(e -> !e.contains("duo-testkit") && !e.contains("duo-bedrock") && !e.contains("test-classes"))
                    .collect(Collectors.joining(File.pathSeparator));
            ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classPath, GenerateCode.class.getName(), "a function that reverses a string", "kotlin"))
                    .directory(dir.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("DUO_") || k.startsWith("AIGW_"));
            Process p = pb.start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(p.exitValue()).as(out + err).isZero();
            assertThat(out).contains("a function that reverses a string");   // the echo server answered with the prompt
            assertThat(err).contains("feature=code_generations", "model=Local vLLM", "family=mistral",
                    "platform=custom_openai", "prompt=code_suggestions/generations/");
            assertThat(server.requestCount()).isEqualTo(1);
            assertThat(server.requests().get(0).body()).contains("\"model\":\"mistralai/Mistral-7B-Instruct-v0.3\"");
        }
    }
}
