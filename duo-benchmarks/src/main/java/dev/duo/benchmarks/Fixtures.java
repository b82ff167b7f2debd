package dev.duo.benchmarks;

import dev.duo.DuoClient;
import dev.duo.Message;
import dev.duo.config.DuoConfig;
import dev.duo.feature.Feature;
import dev.duo.feature.FeatureSetting;
import dev.duo.model.ApiKey;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.model.Timeouts;
import dev.duo.prompt.PromptTemplate;
import dev.duo.prompt.RenderedPrompt;
import java.util.List;
import java.util.Map;

/**
 * What every benchmark shares: the loopback server, Duo clients pointed at it (one OpenAI-compatible
 * model, one Bedrock model, both serving code generation) and a realistic code generation request.
 *
 * <pre>{@code
 * try (Fixtures f = Fixtures.start()) {
 *     f.openAi.feature("code_generation").generate(Fixtures.INPUTS);
 * }
 * }</pre>
 */
public final class Fixtures implements AutoCloseable {

    static final String FEATURE = "code_generation";
    static final String OPENAI_MODEL = "Bench Mistral [loopback]";
    static final String BEDROCK_MODEL = "Bench Claude [loopback Bedrock]";
    static final String BEDROCK_MODEL_ID = "anthropic.claude-3-5-haiku-20241022-v1:0";
    static final String REGION = "us-east-1";
    static final String API_KEY = "bench-key-0000";
    static final Map<String, String> ENV = Map.of(
            "AWS_ACCESS_KEY_ID", "AKIABENCHMARK0000000",
            "AWS_SECRET_ACCESS_KEY", "benchmark/secret/key/0000000000000000000",
            "AWS_REGION", REGION);

    /** A code generation request as an IDE sends it: an instruction, the file around the cursor. */
    public static final Map<String, Object> INPUTS = Map.of(
            "user_instruction", "Add a method that returns the string reversed, handling surrogate pairs.",
            "file_name", "src/main/java/com/example/text/Strings.java",
            "language", "java",
            "trimmed_content_above_cursor", aboveCursor(),
            "trimmed_content_below_cursor", "\n    private Strings() {\n    }\n}\n");

    private static final Timeouts LONG_TIMEOUTS = Timeouts.DEFAULTS.withAttempt(java.time.Duration.ofMinutes(10))
            .withIdle(java.time.Duration.ofMinutes(10)).withTotal(java.time.Duration.ofMinutes(20));

    final BenchServer server;
    final DuoClient openAi;
    final DuoClient bedrock;

    private Fixtures(BenchServer server) {
        this.server = server;
        openAi = DuoClient.builder().config(openAiConfig(server)).environment(ENV).build();
        bedrock = DuoClient.builder().config(bedrockConfig(server)).environment(ENV).build();
    }

    /**
     * The clients against the server in its own JVM: the parent's when this is a benchmark fork
     * ({@code -Dduo.bench.server=<port>}), else a new one, stopped by {@link #close()}.
     */
    public static Fixtures start() {
        String port = System.getProperty(ServerProcess.PORT_PROPERTY);
        return new Fixtures(port != null ? ServerProcess.connect(Integer.parseInt(port)) : ServerProcess.start());
    }

    /** The clients against a server in this JVM (the smoke tests: no timing, no second JVM). */
    static Fixtures inProcess() {
        return new Fixtures(LoopbackServer.start());
    }

    static DuoConfig openAiConfig(BenchServer server) {
        SelfHostedModel model = SelfHostedModel.builder()
                .name(OPENAI_MODEL)
                .family(ModelFamily.MISTRAL)
                .identifier("custom_openai/bench-mistral-7b-instruct")
                .endpoint(server.openAiEndpoint())
                .apiKey(ApiKey.literal(API_KEY))
                // Held streams (ManyStreams) wait for minutes on a loaded machine; the bounds are not what is measured.
                .timeouts(LONG_TIMEOUTS)
                .build();
        return DuoConfig.builder().model(model).feature("code_generations", FeatureSetting.selfHosted(OPENAI_MODEL)).build();
    }

    static DuoConfig bedrockConfig(BenchServer server) {
        SelfHostedModel model = SelfHostedModel.builder()
                .name(BEDROCK_MODEL)
                .family(ModelFamily.CLAUDE_3)
                .identifier("bedrock/" + BEDROCK_MODEL_ID)
                .endpoint(server.bedrockEndpoint())
                .region(REGION)
                .build();
        return DuoConfig.builder().customModelsEnabled(true).model(model)
                .feature("code_generations", FeatureSetting.selfHosted(BEDROCK_MODEL)).build();
    }

    /** The messages Duo sends for {@link #INPUTS} with the client's model (for the raw and peer clients). */
    static RenderedPrompt rendered(DuoClient duo, ModelFamily family) {
        return template(duo, family).render(feature(duo), INPUTS);
    }

    static Feature feature(DuoClient duo) {
        return duo.features().get(FEATURE);
    }

    static PromptTemplate template(DuoClient duo, ModelFamily family) {
        Feature f = feature(duo);
        return duo.prompts().select(f.promptId(), family, f.promptVersion());
    }

    static String systemText(List<Message> messages) {
        return messages.stream().filter(m -> m.role() == dev.duo.Role.SYSTEM).map(Message::content)
                .reduce("", (a, b) -> a.isEmpty() ? b : a + "\n" + b);
    }

    private static String aboveCursor() {
        StringBuilder sb = new StringBuilder("package com.example.text;\n\nimport java.util.Locale;\nimport java.util.Objects;\n\n"
                + "/** Small string helpers used across the service. */\npublic final class Strings {\n\n");
        for (int i = 0; i < 12; i++) {
            sb.append("    /** Returns the text with helper ").append(i).append(" applied, or the empty string for null. */\n")
                    .append("    public static String helper").append(i).append("(String s) {\n")
                    .append("        if (s == null) {\n            return \"\";\n        }\n")
                    .append("        return s.strip().toLowerCase(Locale.ROOT).replace(' ', '_') + \"").append(i).append("\";\n")
                    .append("    }\n\n");
        }
        return sb.append("    // cursor: the generated method goes here\n").toString();
    }

    @Override
    public void close() {
        openAi.close();
        bedrock.close();
        server.close();
    }
}
