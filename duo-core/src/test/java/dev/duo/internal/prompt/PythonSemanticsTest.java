package dev.duo.internal.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hubspot.jinjava.tree.Node;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Jinja2's semantics are Python's: what real Jinja2 3.1.6 prints for each template here. */
class PythonSemanticsTest {

    private final TemplateEngine engine = new TemplateEngine();

    private String render(String template, Map<String, Object> bindings) {
        Node root = engine.parse("t.jinja", template);
        TemplateAnalyzer.analyze("t.jinja", root);
        Map<String, Object> b = new HashMap<>();
        bindings.forEach((k, v) -> b.put(k, PyValues.bind(v)));
        return engine.render("t.jinja", root, Map.of(), b);
    }

    private static Map<String, Object> of(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void noneTrueListsAndMappingsPrintAsPythonDoes() {
        assertThat(render("{{ x }}|{{ None }}|{{ t }}|{{ f }}|{{ true }}", of("x", null, "t", true, "f", false)))
                .isEqualTo("None|None|True|False|True");
        assertThat(render("{{ xs }}", of("xs", List.of("a", 1, true)))).isEqualTo("['a', 1, True]");
        assertThat(render("{{ m }}", of("m", of("k", "it's", "n", null, "l", List.of(1.5, 2.0)))))
                .isEqualTo("{'k': \"it's\", 'n': None, 'l': [1.5, 2.0]}");
        assertThat(render("{{ 0.0001 }} {{ 1e20 }} {{ 3 }}", of())).isEqualTo("0.0001 1e+20 3");
    }

    @Test
    void aMissingAttributeIsUndefinedNotNone() {
        Map<String, Object> in = of("m", of("present", null));
        assertThat(render("[{{ m.missing }}]", in)).isEqualTo("[]");
        assertThat(render("{{ m.missing is none }} {{ m.missing is not none }} {{ m.missing is defined }}", in))
                .isEqualTo("False True False");
        assertThat(render("{{ m.present is none }} {{ m.present is defined }} [{{ m.present }}]", in))
                .isEqualTo("True True [None]");
        assertThat(render("{% if m.missing %}yes{% else %}no{% endif %}{% for x in m.missing %}x{% endfor %}", in))
                .isEqualTo("no");
        assertThat(render("{{ m.missing | default('d') }} {{ m.present | default('d') }} {{ m.present | default('d', true) }}",
                in)).isEqualTo("d None d");
        assertThat(render("{{ m.missing | length }}", in)).isEqualTo("0");
    }

    @Test
    void anAttributeOfAnUndefinedValueIsAnError() {
        assertThatThrownBy(() -> render("{{ m.missing.deeper }}", of("m", of())))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("'deeper' is read from an undefined value (Jinja2's UndefinedError)");
    }

    @Test
    void withBindsNoneAndUndefinedToo() {
        Map<String, Object> in = of("x", "outer", "m", of("n", null));
        assertThat(render("{% with x = m.missing %}[{{ x }}]{% endwith %}{{ x }}", in)).isEqualTo("[]outer");
        assertThat(render("{% with x = m.n %}[{{ x }}]{% endwith %}{{ x }}", in)).isEqualTo("[None]outer");
    }

    @Test
    void listsIndexAsPythonDoes() {
        Map<String, Object> in = of("xs", List.of("a", "b", "c"), "s", "hey");
        assertThat(render("{{ xs[0] }}{{ xs[-1] }}[{{ xs[7] }}]{{ s[1] }}", in)).isEqualTo("acby".substring(0, 2) + "[]e");
    }

    @Test
    void aJavaGetterIsNeverCalled() {
        assertThat(render("[{{ s.bytes }}]", of("s", "abc"))).isEqualTo("[]");
        assertThatThrownBy(() -> render("{{ s.upper }}", of("s", "abc")))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("attribute 'upper' of a String is not readable in prompt templates (sandbox");
        assertThatThrownBy(() -> render("{{ o.seconds }}", of("o", java.time.Duration.ofSeconds(3))))
                .isInstanceOf(TemplateException.class)
                .hasMessage("t.jinja:1:1: attribute 'seconds' of a Duration is not readable in prompt templates (sandbox: "
                        + "no Java getters or methods); pass inputs as strings, numbers, booleans, lists and maps");
    }

    @Test
    void aStringFalseIsTrueAsInPython() {
        assertThat(render("{% if s %}yes{% endif %}", of("s", "false"))).isEqualTo("yes");
    }
}
