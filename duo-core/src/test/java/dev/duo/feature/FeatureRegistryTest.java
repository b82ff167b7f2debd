package dev.duo.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.InvalidConfigException;
import dev.duo.UnknownFeatureException;
import dev.duo.model.ModelFamily;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureRegistryTest {

    private final FeatureRegistry registry = FeatureRegistry.bundled();

    @Test
    void bundlesTheSixteenGitLabFeaturesInOrder() {
        assertThat(registry.keys()).containsExactly(
                "code_generations", "code_completions", "duo_chat", "duo_chat_explain_code", "duo_chat_write_tests",
                "duo_chat_refactor_code", "duo_chat_fix_code", "duo_chat_troubleshoot_job", "generate_commit_message",
                "summarize_new_merge_request", "summarize_review", "review_merge_request",
                "duo_chat_summarize_comments", "duo_chat_explain_vulnerability", "resolve_vulnerability",
                "glab_ask_git_command");
    }

    @Test
    void singularAliasesResolveToGitLabsPluralKeys() {
        assertThat(registry.get("code_generation").key()).isEqualTo("code_generations");
        assertThat(registry.get("code_completion").key()).isEqualTo("code_completions");
    }

    @Test
    void featuresCarryTheirStateCategoryFamiliesAndInputs() {
        Feature gen = registry.get("code_generations");
        assertThat(gen.title()).isEqualTo("Code Generation");
        assertThat(gen.releaseState()).isEqualTo(ReleaseState.GA);
        assertThat(gen.category()).isEqualTo("Code Suggestions");
        assertThat(gen.families()).hasSize(11).contains(ModelFamily.CODEGEMMA, ModelFamily.GENERAL, ModelFamily.QWEN);
        assertThat(gen.unitPrimitives()).containsExactly("generate_code");
        assertThat(gen.promptId()).isEqualTo("code_suggestions/generations");
        assertThat(gen.input("user_instruction")).contains(new FeatureInput("user_instruction", true, InputKind.TEXT));
        assertThat(gen.input("related_files")).contains(new FeatureInput("related_files", false, InputKind.LIST));

        Feature review = registry.get("summarize_review");
        assertThat(review.releaseState()).isEqualTo(ReleaseState.EXPERIMENT);
        assertThat(review.families()).containsExactly(ModelFamily.MISTRAL, ModelFamily.MIXTRAL, ModelFamily.CLAUDE_3,
                ModelFamily.GPT, ModelFamily.LLAMA3, ModelFamily.GENERAL, ModelFamily.QWEN);
        assertThat(registry.get("duo_chat").isConversational()).isTrue();
        assertThat(registry.get("duo_chat_fix_code").families()).contains(ModelFamily.CODESTRAL);
        assertThat(registry.get("duo_chat_explain_vulnerability").promptId()).isEqualTo("chat/explain_vulnerability");
    }

    @Test
    void categoriesGroupFeaturesAsGitLabDoes() {
        assertThat(registry.categories()).containsExactly("Code Suggestions", "GitLab Duo Chat",
                "GitLab Duo for merge requests", "GitLab Duo for issues", "Other GitLab Duo features");
        assertThat(registry.inCategory("GitLab Duo Chat")).hasSize(6);
    }

    @Test
    void anUnknownFeatureNamesTheClosestKeys() {
        assertThatThrownBy(() -> registry.get("code_generatoin"))
                .isInstanceOf(UnknownFeatureException.class)
                .hasMessageContaining("Unknown feature 'code_generatoin'")
                .hasMessageContaining("Did you mean code_generation")
                .hasMessageContaining("duo features list");
    }

    @Test
    void usersAddTheirOwnFeatures(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mine.yml");
        Files.writeString(file, """
                features:
                  - key: summarize_incident
                    title: Incident Summary
                    release_state: BETA
                    category: Operations
                    families: [claude_3, mistral]
                    unit_primitives: [summarize_incident]
                    prompt: { id: ops/summarize_incident }
                    inputs:
                      - { name: timeline, required: true }
                """);
        FeatureRegistry mine = FeatureRegistry.load(List.of(file));
        assertThat(mine.all()).hasSize(17);
        Feature f = mine.get("summarize_incident");
        assertThat(f.promptVersion()).isEqualTo("^1.0.0");
        assertThat(f.families()).containsExactly(ModelFamily.CLAUDE_3, ModelFamily.MISTRAL);
    }

    @Test
    void aUserFeatureMayNotTakeABundledKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mine.yml");
        Files.writeString(file, """
                features:
                  - { key: my_gen, title: Mine, release_state: GA, category: X, families: [gpt], aliases: [code_generation],
                      prompt: { id: mine } }
                """);
        assertThatThrownBy(() -> FeatureRegistry.load(List.of(file)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("'code_generation' is claimed by both code_generations and my_gen");
    }

    @Test
    void aBadMetadataFileNamesFileLineAndProblem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yml");
        Files.writeString(file, """
                features:
                  - key: x
                    title: X
                    release_state: GA
                    category: C
                    familes: [gpt]
                """);
        assertThatThrownBy(() -> FeatureRegistry.load(List.of(file)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("bad.yml, line 6")
                .hasMessageContaining("unknown key 'familes'")
                .hasMessageContaining("families");

        Files.writeString(file, """
                features:
                  - { key: x, title: X, release_state: GA, category: C, families: [gpt4], prompt: { id: x } }
                """);
        assertThatThrownBy(() -> FeatureRegistry.load(List.of(file)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("features[0] (x)")
                .hasMessageContaining("unknown model family 'gpt4'");

        Files.writeString(file, """
                features:
                  - { key: x, title: X, release_state: ALPHA, category: C, families: [gpt], prompt: { id: x } }
                """);
        assertThatThrownBy(() -> FeatureRegistry.load(List.of(file)))
                .hasMessageContaining("release_state 'ALPHA' is not one of GA, BETA, EXPERIMENT");
    }
}
