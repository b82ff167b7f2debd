package dev.duo.internal.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.DuoTimeoutException;
import dev.duo.InvalidInputException;
import dev.duo.prompt.PromptTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast parser's subset and its refusals (each refused template falls back to Jinjava and is
 * rendered, or reported, exactly as before), and the render budget on the fast path.
 */
class FastTemplateTest {

    @TempDir
    Path dir;

    private static final List<String> REFUSED = List.of(
            "{% set x = 1 %}{{ x }}", "{{ a | upper }}", "{{ 'literal' }}", "{{ a[0] }}", "{{ a == b }}",
            "{% if a == 'x' %}y{% endif %}", "{% if a is none %}y{% endif %}", "{% raw %}{{ a }}{% endraw %}",
            "{% for a, b in x %}{% endfor %}", "{% for x in y %}a{% else %}b{% endfor %}",
            "{% for x in y if x %}{% endfor %}", "{% include name %}", "{% include 'a.jinja' ignore missing %}",
            "{% include 'a.jinja' with context %}", "{{ loop.cycle }}", "{% with a = b %}{{ a }}{% endwith %}",
            "{% extends 'a.jinja' %}", "{% block b %}{% endblock %}", "{{ a", "{% if a %}open", "{% endif %}",
            "{% else %}", "{% if a %}{% endfor %}", "a\r\nb", "{{ a }}}", "{# never closed", "{%+ if a %}{% endif %}",
            "{{ True }}", "{{ none }}", "{{ empty }}", "{{ a.not }}", "{{ a._private }}", "{{ loop }}", "{{ a + b }}",
            "{{ a() }}", "{{ a.b() }}", "{{ }}", "{% if %}x{% endif %}", "{% if a %}x{% else %}y{% else %}z{% endif %}",
            "{% if a %}x{% else %}y{% elif b %}z{% endif %}", "{% macro m() %}{% endmacro %}", "{% print a %}",
            "{% for x in  y %}{% endfor %}", "{% for x\tin y %}{% endfor %}", "{% if (a %}x{% endif %}",
            "a\u00a0 {%- if a %}x{% endif %}", "{% if a -%}\u2003x{% endif %}", "{{ a.b.c[1] }}", "{{ 1 }}",
            "{% if not %}x{% endif %}", "{% if a and %}x{% endif %}", "{% include 'a.jinja' + b %}", "a {{- b }}",
            "{{ a -}} b", "{{ ____x }}", "{{ __a }}");

    private static final List<String> ACCEPTED = List.of(
            "plain text", "", "{{ a }}", "{{a}}", "{{ a.b.c }}", "{% if a %}x{% endif %}",
            "{%- if a or not (b and c.d) -%} x {%- elif e -%} y {%- else -%} z {%- endif -%}",
            "{% for x in xs %}{{ loop.index }}{{ x.name }}{% if loop.last %}.{% endif %}{% endfor %}",
            "{% include 'a/b.jinja' %}", "{% include \"a/b.jinja\" %}", "{% include 'a.jinja' | safe %}",
            "a {# note #} b {#- stripped -#} c", "{% if a %}{% if b %}{% for x in a %}{% endfor %}{% endif %}{% endif %}",
            "} } { %} }} %}", "line\n  {%- if a %}\n{% endif -%}\n  tail");

    @Test
    void theSubsetParsesWithoutJinjava() {
        Templates templates = new Templates();
        for (String source : ACCEPTED) {
            assertThat(templates.parse("t.jinja", source).fast()).as(source).isNotNull();
        }
        assertThat(templates.jinjavaStarted()).isFalse();
        assertThat(templates.parses()).isEqualTo(ACCEPTED.size());
    }

    @Test
    void everythingOutsideTheSubsetIsRefusedAndLeftToJinjava() {
        for (String source : REFUSED) {
            assertThat(FastTemplate.parse(Comments.rewrite(source))).as(source).isNull();
        }
    }

    @Test
    void aRefusedTemplateGetsJinjavasOwnResultOrError() {
        TemplateEngine jinjava = new TemplateEngine();
        Templates templates = new Templates();
        for (String source : REFUSED) {
            String expected;
            try {
                TemplateAnalyzer.analyze("t.jinja", jinjava.parse("t.jinja", source));
                expected = "ok";
            } catch (TemplateException e) {
                expected = e.getMessage();
            }
            String actual;
            try {
                ParsedTemplate t = templates.parse("t.jinja", source);
                assertThat(t.fast()).as(source).isNull();
                actual = "ok";
            } catch (TemplateException e) {
                actual = e.getMessage();
            }
            assertThat(actual).as(source).isEqualTo(expected);
        }
        assertThat(templates.jinjavaStarted()).isTrue();
    }

    @Test
    void nestingTooDeepIsRefusedWithTheSameMessage() {
        String deep = "{% if a %}".repeat(150) + "x" + "{% endif %}".repeat(150);
        assertThatThrownBy(() -> new Templates().parse("t.jinja", deep)).isInstanceOf(TemplateException.class)
                .hasMessageContaining("tags nested more than 100 deep");
    }

    private PromptTemplate prompt(String user) throws IOException {
        Path file = dir.resolve("custom/fast/base/1.0.0.yml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "name: t\nmodel:\n  params:\n    temperature: 0.1\nunit_primitive: x\n"
                + "prompt_template:\n  user: |\n    " + user + "\n");
        PromptCatalog catalog = PromptCatalog.load(List.of(dir));
        PromptTemplate t = catalog.find("custom/fast", "base", "1.0.0").orElseThrow();
        assertThat(((CompiledPrompt) t).fast()).as("on the fast path").isTrue();
        return t;
    }

    @Test
    void tooManyStepsFailAsOnJinjavasPath() throws IOException {
        PromptTemplate t = prompt("{% for x in xs %}{{ x }}{{ x }}{{ x }}{% endfor %}");
        List<String> many = Collections.nCopies(900_000, "");
        assertThatThrownBy(() -> t.render(Map.of("xs", many))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("took more than 2000000 steps");
    }

    @Test
    void tooLongAnOutputFailsAsOnJinjavasPath() throws IOException {
        PromptTemplate t = prompt("{{ a }}{{ a }}");
        String half = "x".repeat(2_100_000);
        assertThatThrownBy(() -> t.render(Map.of("a", half))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("exceeds the render budget of 4000000 characters");
    }

    @Test
    void theDeadlineStopsAFastRender() throws IOException {
        PromptTemplate t = prompt("{% for x in xs %}{{ x }}{% endfor %}");
        Map<String, Object> inputs = Map.of("xs", Collections.nCopies(100_000, "x"));
        var feature = new dev.duo.feature.Feature("fast_feature", "Fast", dev.duo.feature.ReleaseState.GA, "test",
                List.of(dev.duo.model.ModelFamily.GPT), List.of("fast_feature"), List.of(), "custom/fast", "^1.0.0",
                List.of(new dev.duo.feature.FeatureInput("xs", true, dev.duo.feature.InputKind.LIST)));
        assertThatThrownBy(() -> t.render(feature, inputs, Duration.ofNanos(1))).isInstanceOf(DuoTimeoutException.class)
                .hasMessageContaining("when the call's deadline passed");
    }

    @Test
    void aValueTheFastPathDoesNotKnowRendersThroughJinjava() throws IOException {
        PromptTemplate t = prompt("[{{ a }}|{% if a %}T{% endif %}|{{ m.k }}]");
        Map<String, Object> inputs = new HashMap<>();
        inputs.put("a", 2.5);
        inputs.put("m", Map.of("k", Set.of("only")));
        assertThat(t.render(inputs).messages().get(0).content()).isEqualTo("[2.5|T|['only']]");
        inputs.put("a", null);
        inputs.put("m", Map.of());
        assertThat(t.render(inputs).messages().get(0).content()).isEqualTo("[None||]");
    }

    @Test
    void anAttributeOfAnUndefinedValueFailsWithJinjavasMessage() throws IOException {
        PromptTemplate t = prompt("{{ m.k.j }}");
        assertThatThrownBy(() -> t.render(Map.of("m", Map.of()))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'j' is read from an undefined value");
    }

    @Test
    void aListLongerThanJinjavasLimitFailsAsOnJinjavasPath() throws IOException {
        PromptTemplate t = prompt("{% for x in xs %}{% endfor %}");
        assertThatThrownBy(() -> t.render(Map.of("xs", Collections.nCopies(1_000_001, "")))).isInstanceOf(
                InvalidInputException.class).hasMessageContaining("greater than the maximum size of 1000000");
    }

    @Test
    void aPromptJinjavaRendersHasAllItsTreesMadeAtLoad() throws IOException {
        Files.createDirectories(dir.resolve("custom/partials"));
        Files.writeString(dir.resolve("custom/partials/plain.jinja"), "<{{ x }}>\n");
        Path file = dir.resolve("custom/mixed/base/1.0.0.yml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "name: t\nmodel:\n  params:\n    temperature: 0.1\nunit_primitive: x\n"
                + "prompt_template:\n  user: |\n    {% set y = x %}{% include 'custom/partials/plain.jinja' %}{{ y }}\n");
        PromptCatalog catalog = PromptCatalog.load(List.of(dir));
        PromptTemplate t = catalog.find("custom/mixed", "base", "1.0.0").orElseThrow();
        assertThat(((CompiledPrompt) t).fast()).isFalse();
        long parsed = catalog.parses();
        assertThat(t.render(Map.of("x", "v")).messages().get(0).content()).isEqualTo("<v>v");
        assertThat(catalog.parses()).isEqualTo(parsed);
        assertThat(catalog.lateParses()).isZero();
    }

    @Test
    void aSystemMessageThatRendersTheSameIsTheSameStringAndOnlyThen() {
        PromptTemplate t = PromptCatalog.load(List.of()).select("code_suggestions/generations",
                dev.duo.model.ModelFamily.MISTRAL, "^1.0.0");
        var feature = dev.duo.prompt.TestAccess.feature("code_generations");
        var first = t.render(feature, Map.of("user_instruction", "one", "language", "java")).messages();
        var second = t.render(feature, Map.of("user_instruction", "two", "language", "java")).messages();
        var other = t.render(feature, Map.of("user_instruction", "two", "language", "go")).messages();
        assertThat(second.get(0).content()).isSameAs(first.get(0).content());
        assertThat(other.get(0).content()).isNotEqualTo(first.get(0).content()).contains("go");
        assertThat(second.get(1).content()).contains("two").isNotEqualTo(first.get(1).content());
    }

    @Test
    void loopsSeeTheirVariablesInIncludes() throws IOException {
        Files.createDirectories(dir.resolve("custom/partials"));
        Files.writeString(dir.resolve("custom/partials/item.jinja"), "<{{ x }}{% if loop.first %}!{% endif %}>\n");
        PromptTemplate t = prompt("[{% for x in xs %}{% include 'custom/partials/item.jinja' %}{% endfor %}]");
        List<Object> xs = new ArrayList<>(List.of("a", "b"));
        assertThat(t.render(Map.of("xs", xs)).messages().get(0).content()).isEqualTo("[<a!><b>]");
    }
}
