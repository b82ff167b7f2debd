package dev.duo.config;

import dev.duo.admin.DuoConfigLoader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.InvalidConfigException;
import dev.duo.model.ModelFamily;
import dev.duo.prompt.PromptRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** duo.yml's {@code prompts.lookup}: a family's prompt folders, replacing the bundled family table's. */
class PromptLookupConfigTest {

    @TempDir
    Path dir;

    private DuoConfig load(String yaml) throws Exception {
        Path file = dir.resolve("duo.yml");
        Files.writeString(file, yaml);
        return DuoConfigLoader.load(file, Map.of(), dir);
    }

    @Test
    void aFamilysOrderCanBeReplacedAndTheRegistryFollowsIt() throws Exception {
        Path prompts = dir.resolve("prompts/chat/explain_code/claude_3");
        Files.createDirectories(prompts);
        Files.writeString(prompts.resolve("1.0.0.yml"), "prompt_template:\n  user: 'claude: {{ selected_text }}'\n");
        DuoConfig c = load("prompts:\n  directories: [ ./prompts ]\n  lookup:\n    claude_3: [claude_3, base]\n");
        assertThat(c.promptLookup()).containsExactly(Map.entry(ModelFamily.CLAUDE_3, List.of("claude_3", "base")));
        PromptRegistry withOverride = PromptRegistry.load(c.promptDirectories(), c.promptLookup());
        assertThat(withOverride.lookupOrder(ModelFamily.CLAUDE_3)).containsExactly("claude_3", "base");
        assertThat(withOverride.select("chat/explain_code", ModelFamily.CLAUDE_3, "^1.0.0").family()).isEqualTo("claude_3");
        // Without it, claude_3 uses base prompts, as the gateway does since February 2026.
        PromptRegistry bundledOrder = PromptRegistry.load(c.promptDirectories());
        assertThat(bundledOrder.select("chat/explain_code", ModelFamily.CLAUDE_3, "^1.0.0").family()).isEqualTo("base");
    }

    @Test
    void badOrdersNameTheKeyAndTheFix() {
        assertThatThrownBy(() -> load("prompts:\n  lookup:\n    claude_3: [claude_3]\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageEndingWith("prompts.lookup.claude_3: the prompt lookup order of family claude_3 must end "
                        + "with base, such as [claude_3, base]; got [claude_3]");
        assertThatThrownBy(() -> load("prompts:\n  lookup:\n    claude: [base]\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("prompts.lookup.claude: unknown model family 'claude'.");
        assertThatThrownBy(() -> load("prompts:\n  lookup:\n    gpt: ['../x', base]\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageEndingWith("prompts.lookup.gpt: the prompt lookup order of family gpt names folder '../x': "
                        + "use folder names such as mistral or base");
    }
}
