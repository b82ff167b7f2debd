package dev.duo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duo.admin.DuoConfigLoader;
import dev.duo.feature.FeatureSetting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesCommandTest {

    @TempDir
    Path dir;

    @BeforeEach
    void models() throws Exception {
        Files.writeString(dir.resolve("duo.yml"), """
                models:
                  - { name: mixtral, family: mixtral, identifier: fireworks_ai/mixtral }
                  - { name: codestral, family: codestral, identifier: fireworks_ai/codestral }
                  - { name: gemma, family: codegemma, identifier: fireworks_ai/gemma }
                  - { name: llama, family: llama3, identifier: fireworks_ai/llama }
                  - { name: claude, family: claude_3, identifier: bedrock/anthropic.claude }
                features:
                  duo_chat: { provider: disabled }
                """);
    }

    private Cli cli() {
        return new Cli(dir);
    }

    private Map<String, FeatureSetting> settings() {
        return DuoConfigLoader.load(null, Map.of(), dir).features();
    }

    @Test
    void listJsonHasEveryField() throws Exception {
        cli().run("features", "assign", "code_generation", "--model", "codestral");
        Cli.Result r = cli().run("features", "list", "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode all = new ObjectMapper().readTree(r.out());
        assertThat(all).hasSize(16);
        JsonNode gen = all.get(0);
        assertThat(gen.get("key").asText()).isEqualTo("code_generations");
        assertThat(gen.get("title").asText()).isEqualTo("Code Generation");
        assertThat(gen.get("release_state").asText()).isEqualTo("GA");
        assertThat(gen.get("category").asText()).isEqualTo("Code Suggestions");
        assertThat(gen.get("families")).extracting(JsonNode::asText).contains("codestral", "general");
        assertThat(gen.get("unit_primitives")).extracting(JsonNode::asText).containsExactly("generate_code");
        assertThat(gen.get("aliases")).extracting(JsonNode::asText).containsExactly("code_generation");
        assertThat(gen.get("prompt_id").asText()).isEqualTo("code_suggestions/generations");
        JsonNode first = gen.get("inputs").get(0);
        assertThat(first.get("name").asText()).isEqualTo("user_instruction");
        assertThat(first.get("required").asBoolean()).isTrue();
        assertThat(first.get("kind").asText()).isEqualTo("text");
        assertThat(gen.get("setting").get("provider").asText()).isEqualTo("self_hosted");
        assertThat(gen.get("setting").get("model").asText()).isEqualTo("codestral");
        JsonNode chat = all.get(2);
        assertThat(chat.get("setting").get("provider").asText()).isEqualTo("disabled");
        assertThat(chat.get("setting").get("model").isNull()).isTrue();
        assertThat(all.get(1).get("setting").get("provider").asText()).isEqualTo("unassigned");
    }

    @Test
    void listTableAndShow() {
        Cli.Result list = cli().run("features", "list");
        assertThat(list.out()).startsWith("KEY").contains("code_generations", "Merge Request Summary", "disabled",
                "duo settings beta on");

        Cli.Result show = cli().run("features", "show", "code_generation");
        assertThat(show.code()).isZero();
        assertThat(show.out()).contains("Code Generation (code_generations)", "user_instruction  required, text",
                "related_files  optional, list", "models that can serve it: mixtral, codestral, gemma (BETA: needs the opt-in), llama (BETA: needs the opt-in), claude");
    }

    @Test
    void assignFollowsGitLabsRules() {
        Cli.Result ok = cli().run("features", "assign", "code_generation", "--model", "codestral");
        assertThat(ok.code()).as(ok.toString()).isZero();
        assertThat(ok.out()).contains("Code Generation (code_generations) is now served by codestral.");
        assertThat(settings()).containsEntry("code_generations", FeatureSetting.selfHosted("codestral"));

        Cli.Result unknownFeature = cli().run("features", "assign", "code_generaton", "--model", "codestral");
        assertThat(unknownFeature.code()).as("a name on the command line that names nothing").isEqualTo(2);
        assertThat(unknownFeature.err()).contains("Unknown feature 'code_generaton'", "Did you mean code_generation");

        Cli.Result unknownModel = cli().run("features", "assign", "duo_chat", "--model", "mixtrl");
        assertThat(unknownModel.code()).as("a name on the command line that names nothing").isEqualTo(2);
        assertThat(unknownModel.err()).contains("No model named 'mixtrl'", "Did you mean mixtral");

        Cli.Result incompatible = cli().run("features", "assign", "duo_chat", "--model", "gemma");
        assertThat(incompatible.code()).isEqualTo(1);
        // The CLI prints an error on one line: GitLab's sentence, then the fix.
        assertThat(incompatible.err()).contains("Codegemma is incompatible with the General Chat feature "
                + "Model 'gemma' is of the codegemma family; General Chat (duo_chat) takes ");

        Cli.Result betaFamily = cli().run("features", "assign", "duo_chat", "--model", "llama");
        assertThat(betaFamily.code()).isEqualTo(1);
        assertThat(betaFamily.err()).contains("BETA family llama3", "duo settings beta on");

        Cli.Result betaFeature = cli().run("features", "assign", "generate_commit_message", "--model", "mixtral");
        assertThat(betaFeature.code()).isEqualTo(1);
        assertThat(betaFeature.err()).contains("Merge Commit Message Generation (generate_commit_message) is a BETA feature",
                "duo settings beta on");

        assertThat(cli().run("settings", "beta", "on").code()).isZero();
        assertThat(cli().run("features", "assign", "generate_commit_message", "--model", "mixtral").code()).isZero();
        assertThat(settings()).containsEntry("generate_commit_message", FeatureSetting.selfHosted("mixtral"));
    }

    @Test
    void errorsAreOneLineWithoutStackTraceUnlessVerbose() {
        Cli.Result r = cli().run("features", "assign", "duo_chat", "--model", "gemma");
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("error: ").doesNotContain("at dev.duo");

        Cli.Result verbose = cli().run("features", "assign", "duo_chat", "--model", "gemma", "--verbose");
        assertThat(verbose.code()).isEqualTo(1);
        assertThat(verbose.err()).contains("IncompatibleModelException", "at dev.duo");
    }

    @Test
    void disableAndApplyToCategory() {
        assertThat(cli().run("features", "disable", "code_completion").code()).isZero();
        assertThat(settings()).containsEntry("code_completions", FeatureSetting.DISABLED);

        cli().run("features", "assign", "duo_chat", "--model", "mixtral");
        Cli.Result applied = cli().run("features", "apply-to-category", "duo_chat");
        assertThat(applied.code()).as(applied.toString()).isZero();
        assertThat(applied.out()).contains("duo_chat_explain_code", "duo_chat_fix_code", "to mixtral",
                "Skipped duo_chat_troubleshoot_job", "beta opt-in");
        assertThat(settings()).containsEntry("duo_chat_refactor_code", FeatureSetting.selfHosted("mixtral"))
                .doesNotContainKey("duo_chat_troubleshoot_job");

        cli().run("settings", "beta", "on");
        cli().run("features", "assign", "duo_chat", "--model", "codestral");
        Cli.Result refused = cli().run("features", "apply-to-category", "duo_chat");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("Codestral is incompatible with the Root Cause Analysis feature");
    }

    @Test
    void writesKeepTheUsersFeatureOrderAndSayCommentsAreDropped() throws Exception {
        Files.writeString(dir.resolve("duo.yml"), """
                # team config
                models:
                  - { name: mixtral, family: mixtral, identifier: fireworks_ai/mixtral }
                features:
                  duo_chat: { provider: disabled }
                  code_completions: { provider: disabled }
                """);
        Cli.Result r = cli().run("features", "assign", "duo_chat", "--model", "mixtral");
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("note: ", "comments, which do not survive a write");
        assertThat(settings().keySet()).containsExactly("duo_chat", "code_completions");
        assertThat(Files.readString(dir.resolve("duo.yml.bak"))).contains("# team config");

        Cli.Result second = cli().run("features", "disable", "duo_chat");
        assertThat(second.err()).doesNotContain("comments");
    }

    @Test
    void betaSetting() {
        Cli.Result on = cli().run("settings", "beta", "on");
        assertThat(on.out()).contains("now on");
        assertThat(DuoConfigLoader.load(null, Map.of(), dir).betaModelsEnabled()).isTrue();
        cli().run("features", "assign", "duo_chat", "--model", "llama");

        Cli.Result off = cli().run("settings", "beta", "off");
        assertThat(off.out()).contains("now off", "will not be served", "duo_chat");
        assertThat(DuoConfigLoader.load(null, Map.of(), dir).betaModelsEnabled()).isFalse();

        Cli.Result bad = cli().run("settings", "beta", "maybe");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("takes on or off");
    }

    @Test
    void aCorruptFileIsReportedAndLeftAlone() throws Exception {
        String corrupt = "models: [ { name: x\n";
        Files.writeString(dir.resolve("duo.yml"), corrupt);
        Cli.Result r = cli().run("features", "disable", "duo_chat");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("duo.yml", "nothing was written");
        assertThat(Files.readString(dir.resolve("duo.yml"))).isEqualTo(corrupt);
    }
}
