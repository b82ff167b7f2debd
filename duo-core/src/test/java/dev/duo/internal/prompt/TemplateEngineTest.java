package dev.duo.internal.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hubspot.jinjava.tree.Node;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every construct the gateway's templates use, rendered as Jinja2 renders it. */
class TemplateEngineTest {

    private final TemplateEngine engine = new TemplateEngine();

    private String render(String template, Map<String, Object> bindings) {
        return render(template, bindings, Map.of());
    }

    private String render(String template, Map<String, Object> bindings, Map<String, Node> includes) {
        Node root = engine.parse("t.jinja", template);
        TemplateAnalyzer.analyze("t.jinja", root);
        return engine.render("t.jinja", root, includes, bindings);
    }

    @Test
    void nothingIsHtmlEscaped() {
        assertThat(render("<p>{{ s }}</p>", Map.of("s", "<b>a & 'b' \"c\"</b>")))
                .isEqualTo("<p><b>a & 'b' \"c\"</b></p>");
    }

    @Test
    void ifElifElse() {
        String t = "{% if a %}A{% elif b %}B{% else %}C{% endif %}";
        assertThat(render(t, Map.of("a", "x", "b", ""))).isEqualTo("A");
        assertThat(render(t, Map.of("a", "", "b", "x"))).isEqualTo("B");
        assertThat(render(t, Map.of("a", "", "b", List.of()))).isEqualTo("C");
    }

    @Test
    void forWithLoopLast() {
        assertThat(render("[{% for x in xs %}{{ x }}{% if not loop.last %}, {% endif %}{% endfor %}]",
                Map.of("xs", List.of("a", "b", "c")))).isEqualTo("[a, b, c]");
        assertThat(render("{% for x in xs %}{{ loop.index }}{% endfor %}", Map.of("xs", List.of(1, 2))))
                .isEqualTo("12");
    }

    @Test
    void withBindsNamesForItsBodyOnly() {
        assertThat(render("{% with a = x, b = 'lit' %}{{ a }}-{{ b }}{% endwith %}|{% if a is defined %}leak{% endif %}",
                Map.of("x", "X"))).isEqualTo("X-lit|");
    }

    @Test
    void withFeedsAnInclude() {
        Node fragment = engine.parse("f.jinja", "[{{ context }}]");
        assertThat(render("{%- with context = message.context %}{% include 'p/f.jinja' %}{% endwith %}",
                Map.of("message", Map.of("context", "ctx")), Map.of("p/f.jinja", fragment))).isEqualTo("[ctx]");
    }

    @Test
    void rawIsLeftAlone() {
        assertThat(render("{% raw %}{{ x }}{% if %}{% endraw %}", Map.of())).isEqualTo("{{ x }}{% if %}");
    }

    @Test
    void blockAndExtends() {
        Node base = engine.parse("base.jinja", "<{% block body %}default{% endblock %}>");
        assertThat(render("{% extends 'base.jinja' %}{% block body %}mine {{ x }}{% endblock %}", Map.of("x", 1),
                Map.of("base.jinja", base))).isEqualTo("<mine 1>");
    }

    @Test
    void setJoinAndMap() {
        assertThat(render("{% set sep = ', ' %}{{ tools | map(attribute='name') | join(sep) }}",
                Map.of("tools", List.of(Map.of("name", "a"), Map.of("name", "b"))))).isEqualTo("a, b");
        assertThat(render("{{ xs | join(\"\\n\") }}", Map.of("xs", List.of("a", "b")))).isEqualTo("a\nb");
    }

    @Test
    void tojsonIsJinja2s() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("z", List.of(1, "x<y & 'q'"));
        data.put("a", Map.of("é", true));
        data.put("n", null);
        assertThat(render("{{ d | tojson }}", Map.of("d", data)))
                .isEqualTo("{\"a\": {\"\\u00e9\": true}, \"n\": null, \"z\": [1, \"x\\u003cy \\u0026 \\u0027q\\u0027\"]}");
        assertThat(render("{{ d | tojson(indent=2) }}", Map.of("d", Map.of("k", List.of(1, 2), "e", List.of()))))
                .isEqualTo("{\n  \"e\": [],\n  \"k\": [\n    1,\n    2\n  ]\n}");
    }

    @Test
    void splitIsPythons() {
        assertThat(render("{{ s | split(',') | join('|') }}", Map.of("s", "a,,b"))).isEqualTo("a||b");
        assertThat(render("{{ s | split | join('|') }}", Map.of("s", "a b  c"))).isEqualTo("a|b||c");
        assertThat(render("{{ s | split(',', 1) | join('|') }}", Map.of("s", "a,b,c"))).isEqualTo("a|b,c");
        assertThatThrownBy(() -> render("{{ s | split('') }}", Map.of("s", "abc")))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("Empty delimiter is not allowed for split filter");
    }

    @Test
    void parseJsonIsCapped() {
        assertThat(render("{% set d = s | parse_json %}{{ d.items | length }} {{ d.name }}",
                Map.of("s", "{\"name\": \"x\", \"items\": [1, 2, 3]}"))).isEqualTo("3 x");
        String huge = "\"" + "a".repeat(Filters.PARSE_JSON_MAX_CHARS) + "\"";
        assertThatThrownBy(() -> render("{{ s | parse_json }}", Map.of("s", huge)))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("Input to parse_json filter exceeds maximum allowed length of 1000000 characters");
        assertThatThrownBy(() -> render("{{ s | parse_json }}", Map.of("s", List.of())))
                .isInstanceOf(TemplateException.class).hasMessageContaining("Value for parse_json must be string.");
    }

    @Test
    void missingAttributesOfInputsAreEmptyAndFalseAsInTheGateway() {
        // Variables themselves are checked before rendering (see PromptTemplateTest); attributes are data.
        assertThat(render("{% for t in tools %}{{ t.name }}{% if t.example %} e.g. {{ t.example }}{% endif %};"
                + "{% endfor %}[{{ t2.missing }}]", Map.of("tools", List.of(Map.of("name", "a"),
                Map.of("name", "b", "example", "x")), "t2", Map.of()))).isEqualTo("a;b e.g. x;[]");
    }

    @Test
    void methodCallsAreRefusedAtRenderTooWhenTheLoadCheckIsBypassed() {
        Node root = engine.parse("t.jinja", "{{ s.toUpperCase() }}");
        assertThatThrownBy(() -> engine.render("t.jinja", root, Map.of(), Map.of("s", "abc")))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("method calls are not allowed in prompt templates (sandbox)");
    }

    @Test
    void analysisFindsTheVariablesAnInputMustProvide() {
        Node root = engine.parse("t.jinja", """
                {% set greeting = 'hi' %}{{ greeting }} {{ user.name }}
                {% for item in items %}{{ item | tojson(indent=2) }}{{ loop.index }}{% endfor %}
                {% with c = ctx %}{{ c }}{% endwith %}{% if flag is defined %}{{ other }}{% endif %}
                {% include 'x/y.jinja' %}""");
        TemplateAnalyzer a = TemplateAnalyzer.analyze("t.jinja", root);
        a.used.removeAll(a.bound);
        assertThat(a.used).containsExactlyInAnyOrder("user", "items", "ctx", "flag", "other");
        assertThat(a.references).containsExactly(new TemplateAnalyzer.Reference("x/y.jinja", 4, 1));
    }

    @Test
    void extendsNeedsALiteralPath() {
        Node root = engine.parse("t.jinja", "{% extends name %}");
        assertThatThrownBy(() -> TemplateAnalyzer.analyze("t.jinja", root))
                .isInstanceOf(TemplateException.class)
                .hasMessage("t.jinja:1:1: expected a quoted template path, got 'name'");
    }

    @Test
    void aTagJinjavasParserThrowsOnIsATemplateExceptionToo() {
        // Jinjava's parser throws (instead of recording an error) for some malformed tags.
        assertThatThrownBy(() -> engine.parse("t.jinja", "a {%} b"))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("t.jinja:1:")
                .hasMessageContaining("template syntax error").hasMessageContaining("Malformed tag token");
    }
}
