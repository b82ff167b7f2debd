package dev.duo.internal.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import com.hubspot.jinjava.tree.Node;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random templates of the subset (seeded, so every run makes the same ones), with whitespace and
 * whitespace control in every place, rendered through the fast path and through Jinjava with
 * random inputs: where the fast path renders, it must print what Jinjava prints; the analysis must
 * match the analyzer's; and an include sees the loop variables of the template including it.
 */
class FastPathFuzzTest {

    private static final String[] NAMES = {"a", "b", "c"};
    private static final String[] SPACES = {"", " ", "  ", "\n", " \n  ", "\t", "\n\n"};
    private static final String[] TEXTS = {"x", "word", " ", "\n", "  two\n lines  ", "{ }", "x}", "%", "-", "a-b"};

    private final Random random = new Random(20261201L);
    private final TemplateEngine jinjava = new TemplateEngine();

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    private String open(String kind) {
        return "{" + kind + (random.nextInt(3) == 0 ? "-" : "") + pick(new String[] {" ", "  ", "\n"});
    }

    private String close(String kind) {
        return pick(new String[] {" ", "  ", "\n"}) + (random.nextInt(3) == 0 ? "-" : "") + kind + "}";
    }

    private String tag(String body) {
        return open("%") + body + close("%");
    }

    private String path(boolean inLoop) {
        if (inLoop && random.nextInt(4) == 0) {
            return "loop." + pick(new String[] {"index", "index0", "first", "last", "length", "revindex", "revindex0"});
        }
        String name = inLoop && random.nextBoolean() ? "item" : pick(NAMES);
        return random.nextInt(4) == 0 ? name + "." + pick(new String[] {"k", "name"}) : name;
    }

    private String condition(boolean inLoop, int depth) {
        return switch (depth > 2 ? 0 : random.nextInt(5)) {
            case 1 -> "not " + condition(inLoop, depth + 1);
            case 2 -> condition(inLoop, depth + 1) + " and " + condition(inLoop, depth + 1);
            case 3 -> condition(inLoop, depth + 1) + " or " + condition(inLoop, depth + 1);
            case 4 -> "(" + condition(inLoop, depth + 1) + ")";
            default -> path(inLoop);
        };
    }

    private String body(int depth, boolean inLoop) {
        StringBuilder sb = new StringBuilder();
        int parts = 1 + random.nextInt(4);
        for (int i = 0; i < parts; i++) {
            switch (depth > 2 ? random.nextInt(3) : random.nextInt(7)) {
                case 0 -> sb.append(pick(TEXTS)).append(pick(SPACES));
                case 1 -> sb.append("{{").append(pick(SPACES)).append(path(inLoop)).append(pick(SPACES)).append("}}");
                case 2 -> sb.append(pick(SPACES)).append(random.nextBoolean() ? "{# note #}" : "{#- note -#}");
                case 3, 4 -> {
                    sb.append(tag("if " + condition(inLoop, 0))).append(body(depth + 1, inLoop));
                    if (random.nextBoolean()) {
                        sb.append(tag("elif " + condition(inLoop, 0))).append(body(depth + 1, inLoop));
                    }
                    if (random.nextBoolean()) {
                        sb.append(tag("else")).append(body(depth + 1, inLoop));
                    }
                    sb.append(tag("endif"));
                }
                case 5 -> sb.append(tag("for item in " + pick(NAMES))).append(body(depth + 1, true)).append(tag("endfor"));
                default -> sb.append(tag("include 'inc.jinja'"));
            }
            sb.append(pick(SPACES));
        }
        return sb.toString();
    }

    private Object value(int depth) {
        return switch (random.nextInt(depth > 1 ? 9 : 12)) {
            case 0 -> "";
            case 1 -> "text";
            case 2 -> PyNone.NONE;
            case 3 -> true;
            case 4 -> false;
            case 5 -> 0;
            case 6 -> 3L;
            case 7 -> "false";
            case 8 -> " \n";
            case 9 -> List.of(value(depth + 1), value(depth + 1));
            case 10 -> List.of();
            default -> Map.of("k", value(depth + 1), "name", "n");
        };
    }

    @Test
    void randomTemplatesOfTheSubsetRenderAsJinjavaRendersThem() {
        String include = "(inc {{ item }}{% if loop.last %}last{% endif %})";
        FastTemplate includeFast = FastTemplate.parse(include);
        Node includeTree = jinjava.parse("inc.jinja", include);
        int compared = 0;
        for (int n = 0; n < 1_500; n++) {
            String source = body(0, false);
            String rewritten = Comments.rewrite(source);
            FastTemplate fast = FastTemplate.parse(rewritten);
            assertThat(fast).as("the subset: %s", source).isNotNull();
            Node tree = jinjava.parse("t.jinja", source);
            TemplateAnalyzer a = TemplateAnalyzer.analyze("t.jinja", tree);
            assertThat(fast.used).as(source).isEqualTo(Set.copyOf(a.used));
            assertThat(fast.bound).as(source).isEqualTo(Set.copyOf(a.bound));
            assertThat(fast.references).as(source).isEqualTo(a.references.stream()
                    .map(r -> new FastTemplate.Include(r.path(), r.line(), r.column())).toList());
            for (int k = 0; k < 6; k++) {
                Map<String, Object> bindings = new HashMap<>();
                for (String name : NAMES) {
                    if (random.nextInt(5) > 0) {
                        bindings.put(name, value(0));
                    }
                }
                StringBuilder out = new StringBuilder();
                String fastText;
                try {
                    fast.render(new FastRender(CallBindings.of(bindings), p -> includeFast, "t.jinja", Long.MAX_VALUE), out);
                    fastText = out.toString();
                } catch (FastValues.Bail e) {
                    continue;
                }
                String slow;
                try {
                    slow = jinjava.render("t.jinja", tree, Map.of("inc.jinja", includeTree), bindings);
                } catch (TemplateException e) {
                    slow = "error: " + e.reason();
                }
                assertThat(fastText).as("%s\nwith %s", source, bindings).isEqualTo(slow);
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(2_000);
    }
}
