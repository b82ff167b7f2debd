package dev.duo.opentelemetry;

import dev.duo.DuoClient;
import dev.duo.call.RetryPolicy;
import dev.duo.testkit.FakeBedrockServer;
import dev.duo.testkit.FakeOpenAiServer;
import dev.duo.testkit.FaultPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Both fake servers and a real DuoClient over them: {@code duo_chat_explain_code} on a Fireworks
 * model, {@code duo_chat_fix_code} on a Bedrock model, quick retries.
 */
final class FakeRig implements AutoCloseable {

    static final String FIREWORKS_ID = "accounts/fireworks/models/mixtral-8x22b-instruct";
    static final String FIREWORKS_KEY = "fw_fake0000000000000000";
    static final String BEDROCK_ID = "us.anthropic.claude-sonnet-4-20250514-v1:0";

    final FakeOpenAiServer openAi;
    final FakeBedrockServer bedrock;
    final DuoClient client;

    FakeRig(Path dir, FaultPlan openAiFaults, FaultPlan bedrockFaults, UnaryOperator<DuoClient.Builder> wiring) {
        openAi = FakeOpenAiServer.builder().faultPlan(openAiFaults).start();
        bedrock = FakeBedrockServer.builder().faultPlan(bedrockFaults).build();
        String yml = """
                models:
                  - name: Mixtral
                    family: mixtral
                    identifier: fireworks_ai/%s
                    endpoint: %s
                    api_key: ${FIREWORKS_AI_API_KEY}
                    timeouts: { connect: 2s, attempt: 10s, total: 20s, idle: 10s }
                  - name: Claude
                    family: claude_3
                    identifier: bedrock/%s
                    endpoint: %s
                    region: us-west-2
                    timeouts: { connect: 2s, attempt: 10s, total: 20s, idle: 10s }
                features:
                  duo_chat_explain_code: { provider: self_hosted, model: Mixtral }
                  duo_chat_fix_code: { provider: self_hosted, model: Claude }
                """.formatted(FIREWORKS_ID, openAi.endpoint(), BEDROCK_ID, bedrock.endpoint());
        try {
            Path file = dir.resolve("duo.yml");
            Files.writeString(file, yml);
            client = wiring.apply(DuoClient.builder().configFile(file).workingDirectory(dir))
                    .environment(Map.of("FIREWORKS_AI_API_KEY", "fw_fake0000000000000000",
                            "AWS_ACCESS_KEY_ID", "AKIAFAKEFAKEFAKEFAKE", "AWS_SECRET_ACCESS_KEY", "fake-secret"))
                    .retryPolicy(RetryPolicy.DEFAULTS.withBackoff(Duration.ofMillis(1), 1.0, Duration.ofMillis(1)))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> snippet() {
        return Map.of("selected_text", "int twice(int x) { return 2 * x; }", "language", "java");
    }

    @Override
    public void close() {
        client.close();
        openAi.close();
        bedrock.close();
    }
}
