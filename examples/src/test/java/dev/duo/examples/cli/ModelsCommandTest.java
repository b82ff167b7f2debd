package dev.duo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duo.admin.DuoConfigLoader;
import dev.duo.admin.DevelopmentCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsCommandTest {

    @TempDir
    Path dir;

    private Cli cli() {
        return new Cli(dir);
    }

    @Test
    void seedAddsTheCatalogOnceAndCreatesTheLocalFile() {
        Cli.Result r = cli().run("models", "seed");
        assertThat(r.code()).as(r.toString()).isZero();
        int size = DevelopmentCatalog.models().size();
        assertThat(r.out()).contains("Added " + size + " models:", "Mixtral 8x22b [Fireworks AI]");
        assertThat(dir.resolve("duo.yml")).exists();

        Cli.Result again = cli().run("models", "seed");
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("Nothing to add");
        assertThat(DuoConfigLoader.load(null, Map.of(), dir).models().size()).isEqualTo(size);
    }

    @Test
    void seedSkipsNamesThatExist() throws Exception {
        Files.writeString(dir.resolve("duo.yml"), """
                models:
                  - { name: "Mixtral 8x22b [Fireworks AI]", family: mixtral, identifier: fireworks_ai/mine }
                """);
        Cli.Result r = cli().run("models", "seed");
        assertThat(r.out()).contains("Skipped 1 that already exist: Mixtral 8x22b [Fireworks AI]");
        assertThat(DuoConfigLoader.load(null, Map.of(), dir).models().get("Mixtral 8x22b [Fireworks AI]")
                .identifier().modelId()).isEqualTo("mine");
    }

    @Test
    void listJsonShowsKeyReferencesAndUsersButNeverAKey() throws Exception {
        Files.writeString(dir.resolve("duo.yml"), """
                models:
                  - { name: fw, family: mixtral, identifier: fireworks_ai/x, api_key: "${FIREWORKS_AI_API_KEY}" }
                  - { name: lit, family: gpt, identifier: openai/gpt-4o, api_key: sk-very-secret-value }
                  - { name: vllm, family: mistral, identifier: mistralai/Mistral-7B, endpoint: "http://localhost:8000/v1" }
                features:
                  code_generation: { provider: self_hosted, model: fw }
                  duo_chat: { provider: self_hosted, model: fw }
                """);
        Cli.Result r = cli().env("FIREWORKS_AI_API_KEY", "fw-secret-key").run("models", "list", "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out() + r.err()).doesNotContain("sk-very-secret-value", "fw-secret-key");
        JsonNode all = new ObjectMapper().readTree(r.out());
        assertThat(all).hasSize(3);
        JsonNode fw = all.get(0);
        assertThat(fw.get("name").asText()).isEqualTo("fw");
        assertThat(fw.get("family").asText()).isEqualTo("mixtral");
        assertThat(fw.get("identifier").asText()).isEqualTo("fireworks_ai/x");
        assertThat(fw.get("platform").asText()).isEqualTo("fireworks_ai");
        assertThat(fw.get("endpoint").asText()).isEqualTo("https://api.fireworks.ai/inference/v1");
        assertThat(fw.get("release_state").asText()).isEqualTo("GA");
        assertThat(fw.get("api_key").asText()).isEqualTo("${FIREWORKS_AI_API_KEY}");
        assertThat(fw.get("used_by")).extracting(JsonNode::asText).containsExactly("code_generations", "duo_chat");
        assertThat(all.get(1).get("api_key").asText()).isEqualTo("<literal>");
        assertThat(all.get(2).get("api_key").isNull()).isTrue();
        assertThat(all.get(2).get("platform").asText()).isEqualTo("custom_openai");
        assertThat(all.get(2).get("used_by")).isEmpty();
    }

    @Test
    void listTable() {
        cli().run("models", "seed");
        Cli.Result r = cli().run("models", "list");
        assertThat(r.out()).startsWith("NAME").contains("Claude Sonnet 4 [Bedrock]", "${FIREWORKS_AI_API_KEY}", "BETA");
    }

    @Test
    void addWritesAModelAndExplainsMistakes() {
        Cli.Result ok = cli().run("models", "add", "--name", "vllm", "--family", "mistral",
                "--identifier", "mistralai/Mistral-7B-Instruct-v0.3", "--endpoint", "http://localhost:8000/v1",
                "--api-key-env", "VLLM_KEY");
        assertThat(ok.code()).as(ok.toString()).isZero();
        assertThat(ok.out()).contains("Added vllm (mistral, custom_openai, http://localhost:8000/v1)");
        assertThat(DuoConfigLoader.load(null, Map.of(), dir).models().get("vllm").apiKey().orElseThrow().reference())
                .isEqualTo("${VLLM_KEY}");

        Cli.Result dup = cli().run("models", "add", "--name", "vllm", "--family", "mistral", "--identifier", "openai/x");
        assertThat(dup.code()).isEqualTo(1);
        assertThat(dup.err()).contains("A model named 'vllm' already exists", "duo models remove");

        Cli.Result family = cli().run("models", "add", "--name", "a", "--family", "mixtrall", "--identifier", "openai/x");
        assertThat(family.code()).isEqualTo(1);
        assertThat(family.err()).contains("unknown model family 'mixtrall'", "Did you mean mixtral", "claude_3, gpt");

        Cli.Result noEndpoint = cli().run("models", "add", "--name", "b", "--family", "mistral",
                "--identifier", "mistralai/Mistral-7B");
        assertThat(noEndpoint.code()).isEqualTo(1);
        assertThat(noEndpoint.err()).contains("needs an endpoint", "--endpoint");

        Cli.Result longId = cli().run("models", "add", "--name", "c", "--family", "gpt", "--identifier", "openai/" + "x".repeat(260));
        assertThat(longId.code()).isEqualTo(1);
        assertThat(longId.err()).contains("at most 255 characters");

        Cli.Result prefixOnly = cli().run("models", "add", "--name", "d", "--family", "gpt", "--identifier", "bedrock/");
        assertThat(prefixOnly.err()).contains("no model id", "bedrock/<model id>");

        Cli.Result badVar = cli().run("models", "add", "--name", "e", "--family", "gpt", "--identifier", "openai/x",
                "--api-key-env", "sk-123 456");
        assertThat(badVar.code()).isEqualTo(1);
        assertThat(badVar.err()).contains("name of an environment variable").doesNotContain("sk-123");

        Cli.Result missing = cli().run("models", "add", "--name", "f");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required options", "--family");
    }

    @Test
    void addingABetaFamilySaysItNeedsTheOptIn() {
        Cli.Result r = cli().run("models", "add", "--name", "l", "--family", "llama3", "--identifier", "fireworks_ai/llama");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("BETA family", "duo settings beta on");
    }

    @Test
    void removeIsRefusedWhileAFeatureUsesTheModel() throws Exception {
        Files.writeString(dir.resolve("duo.yml"), """
                models:
                  - { name: fw, family: mixtral, identifier: fireworks_ai/x }
                  - { name: spare, family: mixtral, identifier: fireworks_ai/y }
                features:
                  code_generations: { provider: self_hosted, model: fw }
                  duo_chat: { provider: self_hosted, model: fw }
                """);
        Cli.Result refused = cli().run("models", "remove", "fw");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("Model 'fw' is used by code_generations, duo_chat", "duo features assign");
        assertThat(DuoConfigLoader.load(null, Map.of(), dir).models().names()).contains("fw");

        Cli.Result unknown = cli().run("models", "remove", "spar");
        assertThat(unknown.code()).as("a name on the command line that names nothing").isEqualTo(2);
        assertThat(unknown.err()).contains("No model named 'spar'", "Did you mean spare");

        Cli.Result ok = cli().run("models", "remove", "spare");
        assertThat(ok.code()).isZero();
        assertThat(DuoConfigLoader.load(null, Map.of(), dir).models().names()).containsExactly("fw");
        assertThat(dir.resolve("duo.yml.bak")).exists();
    }

    @Test
    void cleanUpNeedsConfirmation() throws Exception {
        cli().run("models", "seed");
        cli().run("features", "assign", "code_generation", "--model", "Mixtral 8x22b [Fireworks AI]");

        Cli.Result noTerminal = cli().run("models", "clean-up");
        assertThat(noTerminal.code()).isEqualTo(1);
        assertThat(noTerminal.err()).contains("pass --yes");
        assertThat(DuoConfigLoader.load(null, Map.of(), dir).models().size()).isPositive();

        Cli.Result declined = cli().stdin("n\n", true).run("models", "clean-up");
        assertThat(declined.out()).contains("? [y/N]", "Nothing removed.");

        Cli.Result confirmed = cli().stdin("y\n", true).run("models", "clean-up");
        assertThat(confirmed.code()).as(confirmed.toString()).isZero();
        assertThat(confirmed.out()).contains("Removed 14 models and 1 feature settings.");
        assertThat(DuoConfigLoader.load(null, Map.of(), dir).models().size()).isZero();
        assertThat(DuoConfigLoader.load(null, Map.of(), dir).features()).isEmpty();

        cli().run("models", "seed");
        Cli.Result yes = cli().run("models", "clean-up", "--yes");
        assertThat(yes.code()).isZero();
        assertThat(DuoConfigLoader.load(null, Map.of(), dir).models().size()).isZero();
    }
}
