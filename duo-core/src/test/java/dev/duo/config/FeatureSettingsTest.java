package dev.duo.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.BetaNotEnabledException;
import dev.duo.IncompatibleModelException;
import dev.duo.InvalidConfigException;
import dev.duo.UnknownModelException;
import dev.duo.feature.FeatureRegistry;
import dev.duo.feature.FeatureSetting;
import dev.duo.admin.SettingProvider;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import java.net.URI;
import org.junit.jupiter.api.Test;

class FeatureSettingsTest {

    private static final FeatureRegistry FEATURES = FeatureRegistry.bundled();
    private static final SelfHostedModel MIXTRAL = model("Mixtral", ModelFamily.MIXTRAL);
    private static final SelfHostedModel CODEGEMMA = model("CodeGemma", ModelFamily.CODEGEMMA);
    private static final SelfHostedModel CODESTRAL = model("Codestral", ModelFamily.CODESTRAL);
    private static final SelfHostedModel LLAMA = model("Llama", ModelFamily.LLAMA3);

    private static SelfHostedModel model(String name, ModelFamily family) {
        return SelfHostedModel.builder().name(name).family(family).identifier("custom_openai/" + name)
                .endpoint(URI.create("http://localhost:8000/v1")).build();
    }

    private static FeatureSettings settings(boolean beta) {
        DuoConfig c = DuoConfig.builder().betaModelsEnabled(beta).model(MIXTRAL).model(CODEGEMMA).model(CODESTRAL)
                .model(LLAMA).build();
        return new FeatureSettings(FEATURES, c);
    }

    @Test
    void assignsACompatibleModelUnderTheCanonicalKey() {
        DuoConfig c = settings(false).assign("code_generation", "Mixtral");
        assertThat(c.features()).containsEntry("code_generations", FeatureSetting.selfHosted("Mixtral"));
        FeatureSettings s = new FeatureSettings(FEATURES, c);
        assertThat(s.settingOf(FEATURES.get("code_generations"))).isEqualTo(FeatureSetting.selfHosted("Mixtral"));
        assertThat(s.settingOf(FEATURES.get("duo_chat"))).isEqualTo(FeatureSetting.UNASSIGNED);
        assertThat(s.usedBy("Mixtral")).containsExactly("code_generations");
    }

    @Test
    void anIncompatibleModelGetsGitLabsSentenceThenTheFix() {
        // GitLab's feature_setting.rb: selected_model.capitalize, so the family, not the model's name.
        assertThatThrownBy(() -> settings(true).assign("duo_chat", "CodeGemma"))
                .isInstanceOf(IncompatibleModelException.class)
                .hasMessage("Codegemma is incompatible with the General Chat feature\n"
                        + "Model 'CodeGemma' is of the codegemma family; General Chat (duo_chat) takes mistral, mixtral, "
                        + "codestral, claude_3, gpt, llama3, general, qwen: assign a model of one of those families "
                        + "('duo features assign duo_chat --model <name>').");
        assertThat(FeatureSettings.gitLabSentence("claude_3", "Code Generation"))
                .isEqualTo("Claude_3 is incompatible with the Code Generation feature");
    }

    @Test
    void applyToCategoryIsRefusedForADisabledOrUnassignedSourceAndCopiesAVendoredOne() {
        assertThatThrownBy(() -> settings(true).applyToCategory("duo_chat"))
                .isInstanceOf(dev.duo.InvalidConfigException.class)
                .hasMessage("Assign a model to General Chat before applying to all\nduo_chat is unassigned, so there is "
                        + "nothing to copy to GitLab Duo Chat: run 'duo features assign duo_chat --model <name>' first "
                        + "(or set it to vendored).");
        DuoConfig disabled = settings(true).set("code_generations", SettingProvider.DISABLED);
        assertThatThrownBy(() -> new FeatureSettings(FEATURES, disabled).applyToCategory("code_generations"))
                .isInstanceOf(dev.duo.InvalidConfigException.class)
                .hasMessageStartingWith("Assign a model to Code Generation before applying to all\n"
                        + "code_generations is disabled");
        DuoConfig vendored = settings(true).set("code_generations", SettingProvider.VENDORED);
        assertThat(new FeatureSettings(FEATURES, vendored).applyToCategory("code_generations").features())
                .containsEntry("code_completions", new FeatureSetting(SettingProvider.VENDORED, null));
    }

    @Test
    void betaFeaturesAndBetaFamiliesNeedTheOptIn() {
        assertThatThrownBy(() -> settings(false).assign("generate_commit_message", "Mixtral"))
                .isInstanceOf(BetaNotEnabledException.class)
                .hasMessageContaining("Merge Commit Message Generation (generate_commit_message) is a BETA feature")
                .hasMessageContaining("beta_models_enabled: true");
        assertThatThrownBy(() -> settings(false).assign("summarize_review", "Mixtral"))
                .hasMessageContaining("is a EXPERIMENT feature");
        assertThatThrownBy(() -> settings(false).assign("code_generations", "Llama"))
                .isInstanceOf(BetaNotEnabledException.class)
                .hasMessageContaining("Llama is a model of the BETA family llama3");
        assertThat(settings(true).assign("generate_commit_message", "Llama").features())
                .containsKey("generate_commit_message");
    }

    @Test
    void anUnknownModelListsTheKnownOnes() {
        assertThatThrownBy(() -> settings(false).assign("duo_chat", "Mixtrl"))
                .isInstanceOf(UnknownModelException.class)
                .hasMessageContaining("No model named 'Mixtrl'").hasMessageContaining("Did you mean Mixtral");
    }

    @Test
    void applyToCategoryCopiesToEveryUsableFeatureOfTheCategory() {
        DuoConfig c = settings(false).assign("duo_chat", "Mixtral");
        DuoConfig applied = new FeatureSettings(FEATURES, c).applyToCategory("duo_chat");
        // GA chat features only: Root Cause Analysis is BETA and the opt-in is off
        assertThat(applied.features()).containsOnlyKeys("duo_chat", "duo_chat_explain_code", "duo_chat_write_tests",
                "duo_chat_refactor_code", "duo_chat_fix_code");
        DuoConfig beta = new FeatureSettings(FEATURES, c.toBuilder().betaModelsEnabled(true).build()).applyToCategory("duo_chat");
        assertThat(beta.features()).containsKey("duo_chat_troubleshoot_job");
    }

    @Test
    void applyToCategoryIsRefusedUnlessTheModelSuitsThemAll() {
        DuoConfig c = new FeatureSettings(FEATURES, settings(true).config().toBuilder().build())
                .assign("duo_chat_explain_code", "Codestral");
        assertThatThrownBy(() -> new FeatureSettings(FEATURES, c).applyToCategory("duo_chat_explain_code"))
                .isInstanceOf(IncompatibleModelException.class)
                .hasMessage("Codestral is incompatible with the Root Cause Analysis feature\n"
                        + "Model 'Codestral' (codestral) cannot be applied to every feature of GitLab Duo Chat: choose a "
                        + "model of a family they all support");
    }

    @Test
    void disablingAndDuplicateKeys() {
        DuoConfig c = settings(false).set("code_completion", SettingProvider.DISABLED);
        assertThat(c.features()).containsEntry("code_completions", FeatureSetting.DISABLED);
        DuoConfig dup = DuoConfig.builder().feature("code_generation", FeatureSetting.DISABLED)
                .feature("code_generations", FeatureSetting.UNASSIGNED).build();
        assertThatThrownBy(() -> new FeatureSettings(FEATURES, dup))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("code_generations is set twice, as 'code_generation' and as 'code_generations'");
        DuoConfig unknown = DuoConfig.builder().feature("duo_chatt", FeatureSetting.DISABLED).build();
        assertThatThrownBy(() -> new FeatureSettings(FEATURES, unknown))
                .hasMessageContaining("unknown feature 'duo_chatt'").hasMessageContaining("Did you mean duo_chat");
    }
}
