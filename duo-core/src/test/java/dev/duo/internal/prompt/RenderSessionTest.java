package dev.duo.internal.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hubspot.jinjava.tree.Node;
import dev.duo.admin.PromptListing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The render path's reuse is invisible: a pooled interpreter keeps nothing of the call before, a
 * message's {@code set} is not seen by the next message, a failed render does not poison the pool,
 * concurrent renders keep their own inputs, and every bundled template renders through a plan.
 */
class RenderSessionTest {

    private final TemplateEngine engine = new TemplateEngine();

    private String render(String template, Map<String, Object> bindings) {
        Node root = engine.parse("t.jinja", template);
        return engine.render("t.jinja", root, Map.of(), bindings);
    }

    @Test
    void aPooledInterpreterKeepsNothingOfTheCallBefore() {
        assertThat(render("{{ secret }}", Map.of("secret", "s3cr3t"))).isEqualTo("s3cr3t");
        for (int i = 0; i < 20; i++) {
            assertThat(render("[{{ secret }}]{{ secret is defined }}", Map.of())).isEqualTo("[]False");
        }
    }

    @Test
    void aFailedRenderLeavesThePoolUsable() {
        Node bad = engine.parse("bad.jinja", "{{ missing.attr }}");
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> engine.render("bad.jinja", bad, Map.of(), Map.of()))
                    .isInstanceOf(TemplateException.class).hasMessageContaining("undefined value");
            assertThat(render("{% if a %}{{ a }}{% endif %}", Map.of("a", "ok" + i))).isEqualTo("ok" + i);
        }
    }

    @Test
    void whatOneMessageSetsTheNextDoesNotSee(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("custom/set_apart/base/1.0.0.yml");
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, """
                name: set apart
                model:
                  params:
                    max_tokens: 8
                unit_primitive: x
                prompt_template:
                  system: "{% set shown = 'from system' %}S={{ shown }}"
                  user: "U={{ shown }}"
                """);
        PromptCatalog catalog = PromptCatalog.load(List.of(dir));
        assertThat(catalog.problems()).isEmpty();
        var t = catalog.find("custom/set_apart", "base", "1.0.0").orElseThrow();
        for (int i = 0; i < 3; i++) {
            var messages = t.render(Map.of()).messages();
            assertThat(messages.get(0).content()).isEqualTo("S=from system");
            assertThat(messages.get(1).content()).isEqualTo("U=");
        }
    }

    @Test
    void aTemplateWithoutInputsIsRenderedOnceAndItsTextKept(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("custom/constant/base/1.0.0.yml");
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(dir.resolve("custom/frag.jinja"), "Be {{ 'terse' }}.\n");
        java.nio.file.Files.writeString(dir.resolve("custom/plain.jinja"), "You review code.\n");
        java.nio.file.Files.writeString(file, """
                name: constant
                model:
                  params:
                    max_tokens: 8
                unit_primitive: x
                prompt_template:
                  system_static: "{% include 'custom/plain.jinja' %} Rules."
                  system_dynamic: "{% include 'custom/frag.jinja' %}"
                  user: "Q: {{ q }}"
                """);
        PromptCatalog catalog = PromptCatalog.load(List.of(dir));
        assertThat(catalog.problems()).isEmpty();
        var t = catalog.find("custom/constant", "base", "1.0.0").orElseThrow();
        var first = t.render(Map.of("q", "one")).messages();
        var second = t.render(Map.of("q", "two")).messages();
        assertThat(first.get(0).content()).isEqualTo("You review code. Rules.");
        assertThat(second.get(0).content()).as("kept, not rendered again").isSameAs(first.get(0).content());
        assertThat(second.get(1).content()).as("an expression is not constant text").isEqualTo("Be terse.")
                .isNotSameAs(first.get(1).content());
        assertThat(second.get(2).content()).isEqualTo("Q: two");
    }

    @Test
    void concurrentRendersKeepTheirOwnInputs() throws Exception {
        Node root = engine.parse("t.jinja", "{% with me = who %}{% if me %}<{{ me }}>{% endif %}{% endwith %}{{ n }}");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String who = "thread-" + t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        Map<String, Object> b = new HashMap<>();
                        b.put("who", who);
                        b.put("n", i);
                        String out = engine.render("t.jinja", root, Map.of(), b);
                        if (!out.equals("<" + who + ">" + i)) {
                            throw new AssertionError(out);
                        }
                    }
                    return 2_000;
                }));
            }
            for (Future<Integer> f : done) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(2_000);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyBundledTemplateRendersThroughAPlan() {
        PromptCatalog catalog = PromptCatalog.load(List.of());
        int planned = 0;
        for (PromptListing l : catalog.list()) {
            for (PromptListing.Version v : l.versions()) {
                CompiledPrompt p = (CompiledPrompt) catalog.find(l.id(), l.family(), v.version()).orElseThrow();
                for (Node root : p.roots()) {
                    assertThat(TemplatePlan.of(root)).as(p.describe()).isNotNull();
                    planned++;
                }
            }
        }
        assertThat(planned).isGreaterThan(40);
    }

    @Test
    void aPlanRendersWhatJinjavasOwnWalkRenders() {
        String body = "[{{ v }}|{{v}}|{% if v %}T{% elif w %}W{% else %}F{% endif %}|{% with x = v %}{{ x }}{% endwith %}"
                + "|{{ v is none }}|{{ v is defined }}|{{ missing }}|{{ v | default('d') }}]";
        Node planned = engine.parse("a.jinja", body);
        // A block makes Jinjava walk the template itself, as before plans.
        Node walked = engine.parse("b.jinja", body + "{% block z %}{% endblock %}");
        assertThat(TemplatePlan.of(planned)).isNotNull();
        assertThat(TemplatePlan.of(walked)).isNull();
        List<Object> values = new ArrayList<>(List.of("text", "", 0, 7, 7L, 2.5, true, false, List.of(), List.of("a", "b"),
                Map.of("k", "v"), Map.of(), new com.hubspot.jinjava.objects.SafeString("safe"), PyValues.NONE));
        for (Object v : values) {
            Map<String, Object> b = new HashMap<>();
            b.put("v", v);
            b.put("w", "yes");
            b.put("missing", PyValues.UNDEFINED);
            assertThat(engine.render("a.jinja", planned, Map.of(), b)).as(String.valueOf(v))
                    .isEqualTo(engine.render("b.jinja", walked, Map.of(), b));
        }
        assertThat(engine.render("a.jinja", planned, Map.of(), Map.of("w", ""))).isEqualTo(
                engine.render("b.jinja", walked, Map.of(), Map.of("w", "")));
    }

    @Test
    void onlyAPlainNameIsReadDirectly() {
        assertThat(TemplatePlan.simpleName(" user_instruction ")).isEqualTo("user_instruction");
        assertThat(TemplatePlan.simpleName("_x1")).isEqualTo("_x1");
        for (String e : List.of("a.b", "a[0]", "a | upper", "not a", "True", "none", "loop", "1a", "a b", "", "é")) {
            assertThat(TemplatePlan.simpleName(e)).as(e).isNull();
        }
    }

    @Test
    void aTemplateThatExtendsAnotherRendersTheOldWay() {
        Node parent = engine.parse("p.jinja", "[{% block b %}parent{% endblock %}]");
        Node child = engine.parse("c.jinja", "{% extends 'p.jinja' %}{% block b %}child {{ x }}{% endblock %}");
        assertThat(TemplatePlan.of(child)).isNull();
        assertThat(engine.render("c.jinja", child, Map.of("p.jinja", parent), Map.of("x", "1"))).isEqualTo("[child 1]");
        // An include of it from a plan: the interpreter it left an extends parent in is not pooled again.
        Node includer = engine.parse("i.jinja", "<{% include 'c.jinja' %}>");
        Map<String, Node> both = Map.of("p.jinja", parent, "c.jinja", child);
        for (int i = 0; i < 5; i++) {
            assertThat(engine.render("i.jinja", includer, both, Map.of("x", "2"))).isEqualTo(
                    engine.render("i2.jinja", engine.parse("i2.jinja", "<{% include 'c.jinja' %}>{% block q %}{% endblock %}"),
                            both, Map.of("x", "2")));
            assertThat(render("{{ x }}", Map.of("x", "clean " + i))).isEqualTo("clean " + i);
        }
    }
}
