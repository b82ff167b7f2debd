package dev.duo.internal.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.Message;
import dev.duo.Role;
import dev.duo.model.ModelFamily;
import dev.duo.prompt.PromptTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A system template's text kept with the inputs it read, and given again only for the same inputs. */
class SystemTextsTest {

    private static final Function<String, FastTemplate> NO_INCLUDES = path -> null;

    private static String system(PromptTemplate t, Map<String, Object> inputs) {
        List<Message> messages = t.render(dev.duo.prompt.TestAccess.feature("code_generations"), inputs).messages();
        return messages.stream().filter(m -> m.role() == Role.SYSTEM).findFirst().orElseThrow().content();
    }

    @Test
    void theBundledCodeGenerationSystemPromptIsRenderedOncePerLanguage() {
        PromptTemplate t = PromptCatalog.load(List.of()).select("code_suggestions/generations", ModelFamily.MISTRAL, "^1.0.0");
        Map<String, Object> java = new HashMap<>(Map.of("user_instruction", "a", "language", "java"));
        String first = system(t, java);
        java.put("user_instruction", "another instruction");
        assertThat(system(t, java)).as("the same language: the same string").isSameAs(first).contains("java");
        String python = system(t, Map.of("user_instruction", "a", "language", "python"));
        assertThat(python).contains("expert python programmer").isNotEqualTo(first);
        assertThat(system(t, Map.of("user_instruction", "a"))).as("no language").contains("code in the file's language");
        assertThat(system(t, Map.of("user_instruction", "a", "language", "java"))).isEqualTo(first);
    }

    @Test
    void onlyTheSameValuesOfTheNamesTheTemplateReadsGiveTheKeptText() {
        FastTemplate template = FastTemplate.parse("You write {{ language }}{% if strict %} strictly{% endif %}.");
        SystemTexts kept = new SystemTexts(1);
        CallBindings java = CallBindings.of(Map.of("language", "java", "other", "x"));
        assertThat(kept.text(0, java, template, NO_INCLUDES)).isNull();
        kept.keep(0, java, "You write java.");
        assertThat(kept.text(0, CallBindings.of(Map.of("language", "java", "other", "y")), template, NO_INCLUDES))
                .as("an input it does not read changed").isEqualTo("You write java.");
        assertThat(kept.text(0, CallBindings.of(Map.of("language", "go")), template, NO_INCLUDES)).isNull();
        assertThat(kept.text(0, CallBindings.of(Map.of("language", "java", "strict", "yes")), template, NO_INCLUDES))
                .as("a name unbound before is bound now").isNull();
    }

    @Test
    void aTemplateReadingAListIsNotKeptForTheListMayChangeInPlace() {
        FastTemplate template = FastTemplate.parse("{% for x in items %}{{ x }} {% endfor %}");
        SystemTexts kept = new SystemTexts(1);
        List<String> items = new ArrayList<>(List.of("a"));
        CallBindings bindings = CallBindings.of(Map.of("items", items));
        assertThat(kept.text(0, bindings, template, NO_INCLUDES)).isNull();
        kept.keep(0, bindings, "a ");
        items.add("b");
        assertThat(kept.text(0, bindings, template, NO_INCLUDES)).isNull();
    }

    @Test
    void aTemplateWithAnIncludeOffTheFastPathIsNotKept() {
        FastTemplate template = FastTemplate.parse("{% include 'missing.jinja' %}{{ language }}");
        SystemTexts kept = new SystemTexts(1);
        CallBindings bindings = CallBindings.of(Map.of("language", "java"));
        kept.text(0, bindings, template, NO_INCLUDES);
        kept.keep(0, bindings, "java");
        assertThat(kept.text(0, bindings, template, NO_INCLUDES)).isNull();
    }
}
