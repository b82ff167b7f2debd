package dev.duo.internal.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hubspot.jinjava.tree.Node;
import dev.duo.admin.PromptListing;
import dev.duo.prompt.GatewayCorpus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The fast path against Jinjava's, template by template: every bundled template and every template
 * of the gateway's corpus that the fast parser takes is rendered through both with many input sets
 * (present, absent, empty, None, lists, mappings, booleans, numbers, "false"-like strings), and
 * must print exactly what Jinjava prints; where it bails, Jinjava renders (that is allowed, never a
 * different text). What the fast parser finds in a template (names used and bound, includes and
 * their lines and columns) must be what {@link TemplateAnalyzer} finds in Jinjava's tree.
 */
class FastPathDifferentialTest {

    private final TemplateEngine jinjava = new TemplateEngine();

    /** Input sets: each maps a name to a value by the name's position (so names get different kinds). */
    static List<Map<String, Object>> inputSets(Set<String> names) {
        List<Object> kinds = new ArrayList<>();
        kinds.add("text");
        kinds.add("");
        kinds.add(PyNone.NONE);
        kinds.add(List.of("a", "b"));
        kinds.add(List.of());
        kinds.add(Map.of("content", "c", "path", "p.py", "name", "n"));
        kinds.add(List.of(Map.of("content", "c1", "path", "a.py"), Map.of("content", "c2", "path", "b.py")));
        kinds.add(true);
        kinds.add(false);
        kinds.add("false");
        kinds.add("0");
        kinds.add(0);
        kinds.add(7L);
        kinds.add(" \n ");
        kinds.add(List.of(1, true, "x"));
        kinds.add(Map.of());
        kinds.add(2.5);
        List<Map<String, Object>> sets = new ArrayList<>();
        List<String> ordered = new ArrayList<>(new TreeSet<>(names));
        for (int shift = 0; shift < kinds.size(); shift++) {
            Map<String, Object> uniform = new HashMap<>();
            Map<String, Object> mixed = new HashMap<>();
            Map<String, Object> partial = new HashMap<>();
            for (int i = 0; i < ordered.size(); i++) {
                uniform.put(ordered.get(i), kinds.get(shift));
                mixed.put(ordered.get(i), kinds.get((shift + i) % kinds.size()));
                if ((i + shift) % 3 != 0) {
                    partial.put(ordered.get(i), kinds.get((shift * 7 + i) % kinds.size()));
                }
            }
            sets.add(uniform);
            sets.add(mixed);
            sets.add(partial);
        }
        return sets;
    }

    /** What one engine made of a render: its text, or its error. */
    record Outcome(String text, String error) {
    }

    Outcome viaJinjava(String label, Node root, Map<String, Node> includes, Map<String, Object> bindings) {
        try {
            return new Outcome(jinjava.render(label, root, includes, Map.of(), bindings), null);
        } catch (TemplateException e) {
            return new Outcome(null, e.reason());
        }
    }

    /** The fast path's text, or null when it bailed. */
    static String viaFast(String label, FastTemplate t, Map<String, FastTemplate> includes,
            Map<String, Object> bindings) {
        StringBuilder sb = new StringBuilder();
        try {
            t.render(new FastRender(CallBindings.of(bindings), includes::get, label, Long.MAX_VALUE), sb);
            return sb.toString();
        } catch (FastValues.Bail e) {
            return null;
        }
    }

    /** Counts of a run: renders compared, renders the fast path handed to Jinjava. */
    static final class Tally {
        int compared;
        int bailed;
        int templates;
    }

    void compare(CompiledPrompt p, Tally tally) {
        if (!p.fast()) {
            return;
        }
        Map<String, Node> includeTrees = new HashMap<>();
        Map<String, FastTemplate> includeFast = new HashMap<>();
        p.includes().forEach((path, t) -> {
            includeTrees.put(path, t.node());
            includeFast.put(path, t.fast());
            sameAnalysis(t);
        });
        Set<String> names = new TreeSet<>(p.acceptedInputs());
        names.addAll(p.variables());
        for (ParsedTemplate role : roleTemplates(p)) {
            tally.templates++;
            sameAnalysis(role);
            for (Map<String, Object> bindings : inputSets(names)) {
                String fast = viaFast(role.label, role.fast(), includeFast, bindings);
                Outcome slow = viaJinjava(role.label, role.node(), includeTrees, bindings);
                if (fast == null) {
                    tally.bailed++;
                    continue;
                }
                tally.compared++;
                assertThat(slow.error()).as("%s with %s: Jinjava fails where the fast path renders", role.label, bindings)
                        .isNull();
                assertThat(fast).as("%s with %s", role.label, bindings).isEqualTo(slow.text());
            }
        }
    }

    static List<ParsedTemplate> roleTemplates(CompiledPrompt p) {
        return p.roleTemplates().stream().filter(t -> t.template() != null).map(CompiledPrompt.RoleTemplate::template)
                .toList();
    }

    /** The fast parser's findings equal the analyzer's on Jinjava's tree of the same text. */
    static void sameAnalysis(ParsedTemplate t) {
        TemplateAnalyzer a = TemplateAnalyzer.analyze(t.label, t.node());
        assertThat(t.used).as(t.label + " used").isEqualTo(Set.copyOf(a.used));
        assertThat(t.bound).as(t.label + " bound").isEqualTo(Set.copyOf(a.bound));
        assertThat(t.loopTargets).as(t.label + " loop targets").isEqualTo(Set.copyOf(a.loopTargets));
        assertThat(t.references).as(t.label + " includes").isEqualTo(a.references.stream()
                .map(r -> new FastTemplate.Include(r.path(), r.line(), r.column())).toList());
        assertThat(a.dynamicIncludes).isFalse();
    }

    static List<CompiledPrompt> all(PromptCatalog catalog) {
        List<CompiledPrompt> out = new ArrayList<>();
        for (PromptListing l : catalog.list()) {
            for (PromptListing.Version v : l.versions()) {
                catalog.find(l.id(), l.family(), v.version()).ifPresent(t -> out.add((CompiledPrompt) t));
            }
        }
        return out;
    }

    @Test
    void everyBundledTemplateRendersAsJinjavaRendersIt() {
        Tally tally = new Tally();
        PromptCatalog catalog = PromptCatalog.load(List.of());
        for (CompiledPrompt p : all(catalog)) {
            assertThat(p.fast()).as(p.describe() + " is on the fast path").isTrue();
            compare(p, tally);
        }
        assertThat(tally.templates).isGreaterThanOrEqualTo(40);
        assertThat(tally.compared).isGreaterThan(tally.templates * 20);
        System.out.printf("bundled: %d templates, %d renders compared, %d bailed%n", tally.templates, tally.compared,
                tally.bailed);
    }

    @Test
    void everyGatewayTemplateTheFastParserTakesRendersAsJinjavaRendersIt() {
        Optional<Path> corpus = GatewayCorpus.locate();
        assumeTrue(corpus.isPresent(), GatewayCorpus.ABSENT);
        PromptCatalog catalog = PromptCatalog.load(List.of(corpus.get().resolve("definitions")));
        Tally tally = new Tally();
        int fast = 0;
        List<CompiledPrompt> prompts = all(catalog);
        Map<String, Boolean> byPrompt = new LinkedHashMap<>();
        for (CompiledPrompt p : prompts) {
            byPrompt.put(p.describe(), p.fast());
            fast += p.fast() ? 1 : 0;
            compare(p, tally);
        }
        assertThat(fast).as("gateway prompts on the fast path").isGreaterThan(prompts.size() / 2);
        System.out.printf("gateway: %d of %d prompts fast, %d templates, %d renders compared, %d bailed%n", fast,
                prompts.size(), tally.templates, tally.compared, tally.bailed);
    }
}
