package dev.duo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelIdentifierTest {

    @Test
    void knownPrefixesNameThePlatformAndAreStripped() {
        ModelIdentifier b = ModelIdentifier.parse("bedrock/us.anthropic.claude-sonnet-4-20250514-v1:0");
        assertThat(b.platform()).isEqualTo("bedrock");
        assertThat(b.modelId()).isEqualTo("us.anthropic.claude-sonnet-4-20250514-v1:0");

        ModelIdentifier f = ModelIdentifier.parse("fireworks_ai/accounts/fireworks/models/mixtral-8x22b-instruct");
        assertThat(f.platform()).isEqualTo("fireworks_ai");
        assertThat(f.modelId()).isEqualTo("accounts/fireworks/models/mixtral-8x22b-instruct");

        assertThat(ModelIdentifier.parse("custom_openai/mistralai/Mistral-7B").modelId()).isEqualTo("mistralai/Mistral-7B");
    }

    @Test
    void anyOtherIdentifierIsAnOpenAiCompatibleModelIdAsItStands() {
        ModelIdentifier v = ModelIdentifier.parse("mistralai/Mistral-7B-Instruct-v0.3");
        assertThat(v.platform()).isEqualTo("custom_openai");
        assertThat(v.modelId()).isEqualTo("mistralai/Mistral-7B-Instruct-v0.3");
    }

    @Test
    void badIdentifiersAreRefusedWithTheRule() {
        assertThatThrownBy(() -> ModelIdentifier.parse(" ")).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> ModelIdentifier.parse("a".repeat(256)))
                .hasMessageContaining("at most 255 characters, this one has 256");
        assertThatThrownBy(() -> ModelIdentifier.parse("bedrock/"))
                .hasMessageContaining("names the platform bedrock but no model id");
    }

    @Test
    void familiesKnowTheirPromptLookupOrderAndState() {
        assertThat(ModelFamily.MIXTRAL.promptLookupOrder()).containsExactly("mixtral", "mistral", "base");
        assertThat(ModelFamily.CODESTRAL.promptLookupOrder()).containsExactly("codestral", "mistral", "base");
        assertThat(ModelFamily.GENERAL.promptLookupOrder()).containsExactly("base");
        assertThat(ModelFamily.LLAMA3.releaseState().needsBetaOptIn()).isTrue();
        assertThat(ModelFamily.GPT.releaseState().needsBetaOptIn()).isFalse();
        assertThatThrownBy(() -> ModelFamily.fromId("claude3"))
                .hasMessageContaining("unknown model family 'claude3'. Did you mean claude_3?");
    }
}
