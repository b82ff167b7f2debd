package dev.duo.fireworks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.DuoClient;
import dev.duo.FeatureClient;
import dev.duo.Message;
import dev.duo.ModelParams;
import dev.duo.config.DuoConfig;
import dev.duo.feature.FeatureSetting;
import dev.duo.model.ApiKey;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.BlockingStream;
import dev.duo.testkit.FakeOpenAiServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The request bodies a feature call sends (bundled prompt rendered, parameters merged, JSON encoded)
 * are byte for byte those sent before the request path was optimised, kept in
 * {@code golden/bodies/*.json} beside the test resources: chat and raw-text requests, whole and
 * streamed, with text that JSON must escape (quotes, backslashes, control characters, non-ASCII,
 * a surrogate pair).
 *
 * <p>To regenerate them after an intended change, run from the project root:
 * <pre>
 * mvn -B -ntp -q -pl duo-fireworks -am test -Dtest=RequestBodyGoldenTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dduo.bodyGolden.write=true
 * </pre>
 * and review the diff of {@code duo-fireworks/src/test/resources/golden/bodies}.
 */
class RequestBodyGoldenTest {

    private static final boolean WRITE = Boolean.getBoolean("duo.bodyGolden.write");
    private static final String TRICKY = "Quote \" backslash \\ tab\t bell\u0007 nul\u0000 </script> & 'single' "
            + "caf\u00e9 \u20ac \uD83D\uDE00 line\u2028separator\r\nend";

    private static FakeOpenAiServer server;
    private static DuoClient mistral;
    private static DuoClient codestral;

    @BeforeAll
    static void start() {
        server = FakeOpenAiServer.start();
        mistral = client(ModelFamily.MISTRAL, "custom_openai/mistralai/Mistral-7B-Instruct-v0.3");
        codestral = client(ModelFamily.CODESTRAL, "fireworks_ai/accounts/fireworks/models/codestral-22b-v0p1");
    }

    @AfterAll
    static void stop() {
        mistral.close();
        codestral.close();
        server.close();
    }

    private static DuoClient client(ModelFamily family, String identifier) {
        SelfHostedModel model = SelfHostedModel.builder().name("golden " + family).family(family).identifier(identifier)
                .endpoint(server.endpoint()).apiKey(ApiKey.literal("golden-key")).build();
        DuoConfig config = DuoConfig.builder().model(model)
                .feature("code_generations", FeatureSetting.selfHosted(model.name()))
                .feature("code_completions", FeatureSetting.selfHosted(model.name()))
                .feature("duo_chat", FeatureSetting.selfHosted(model.name()))
                .feature("duo_chat_explain_code", FeatureSetting.selfHosted(model.name()))
                .build();
        return DuoClient.builder().config(config).environment(Map.of()).build();
    }

    private static final Map<String, Object> GENERATION = Map.of(
            "user_instruction", "Add a method that reverses a string. " + TRICKY,
            "file_name", "src/main/java/Strings.java", "language", "java",
            "trimmed_content_above_cursor", "public final class Strings {\n    // \"above\"\n",
            "trimmed_content_below_cursor", "\n}\n",
            "related_files", List.of("class A {}", "class B { String s = \"\\n\"; }"),
            "libraries", List.of("guava 33"));

    @Test
    void codeGenerationChat() throws IOException {
        check("code_generation_mistral", () -> mistral.feature("code_generation").generate(GENERATION));
    }

    @Test
    void codeGenerationWithOnlyTheInstructionAndCallParams() throws IOException {
        check("code_generation_required_params", () -> mistral.feature("code_generation").generate(
                Map.of("user_instruction", "fizzbuzz"),
                ModelParams.builder().temperature(0.7).topP(0.95).maxTokens(17).stop(List.of("\n\n", "END")).build()));
    }

    @Test
    void codeGenerationStreamed() throws IOException {
        check("code_generation_stream", () -> {
            try (BlockingStream s = mistral.feature("code_generation").streamBlocking(GENERATION)) {
                s.stream().forEach(chunk -> { });
            }
        });
    }

    @Test
    void codeCompletionRawText() throws IOException {
        check("code_completion_codestral", () -> codestral.feature("code_completion").generate(Map.of(
                "prefix", "def reverse(s):\n    \"\"\"" + TRICKY + "\"\"\"\n    ", "suffix", "\n\nprint(reverse('abc'))",
                "file_name", "r.py", "language", "python")));
    }

    @Test
    void chatConversation() throws IOException {
        FeatureClient chat = mistral.feature("duo_chat");
        check("duo_chat_conversation", () -> chat.chat(List.of(Message.user("How do I squash? " + TRICKY),
                Message.assistant("Use git rebase -i."), Message.user("And after a push?"))));
    }

    @Test
    void explainCode() throws IOException {
        // Again and again: a constant system prompt's JSON text is kept after the second call.
        for (int i = 0; i < 4; i++) {
            check("explain_code", () -> mistral.feature("duo_chat_explain_code").generate(Map.of(
                    "selected_text", "return s.chars().map(c -> c == '\"' ? 0 : c);", "file_content", TRICKY,
                    "input", "Why?", "file_name", "A.java", "language", "Java")));
        }
    }

    @Test
    void aRepeatedSystemMessageOfTheCallerIsSentAsItIs() throws IOException {
        FeatureClient chat = mistral.feature("duo_chat");
        List<Message> conversation = List.of(Message.user("How do I squash? " + TRICKY),
                Message.assistant("Use git rebase -i."), Message.user("And after a push?"));
        for (int i = 0; i < 4; i++) {
            check("duo_chat_conversation", () -> chat.chat(conversation));
        }
    }

    private interface Call {
        void run();
    }

    private static synchronized void check(String name, Call call) throws IOException {
        int before = server.requestCount();
        call.run();
        List<FakeOpenAiServer.ReceivedRequest> got = server.requests();
        assertThat(got).hasSize(before + 1);
        String body = got.get(before).body();
        Path source = Path.of("src/test/resources/golden/bodies/" + name + ".json");
        if (WRITE) {
            Files.createDirectories(source.getParent());
            Files.writeString(source, body, StandardCharsets.UTF_8);
            return;
        }
        String expected;
        try (InputStream in = RequestBodyGoldenTest.class.getClassLoader().getResourceAsStream("golden/bodies/" + name + ".json")) {
            assertThat(in).as("golden body " + name + " (see this class's javadoc to generate it)").isNotNull();
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(body).as("the body of " + name + " differs from golden/bodies/" + name + ".json").isEqualTo(expected);
    }
}
