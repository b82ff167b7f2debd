package dev.duo.internal.prompt;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random Jinja-like text through the template engine (parse, then render): the result is text or
 * a {@link TemplateException} naming file, line and column (which the registry turns into a
 * prompt problem, and a call into a DuoException). Accepted: TemplateException. Nothing else.
 */
class TemplatePropertiesTest {

    static final String[] PIECES = {"{{", "}}", "{%", "%}", "{#", "#}", " if x ", " elif y ", " else ", " endif ",
        " for i in items ", " endfor ", " set z = 1 ", " with a = x ", " endwith ", " raw ", " endraw ", " include 'no/such.jinja' ",
        " x ", " items ", "|join(\"\\n\")", "|tojson(indent=2)", "|map(attribute='name')", "|upper", "loop.index", "loop.last",
        "(", ")", "[", "]", "'", "\"", "~", "-", "+", "/", "0", "1e309", "\n", "text ", "é", "\u0000", " block b ", " endblock ",
        " extends 'base' ", " macro m() ", " endmacro ", "m()", "undefined_var", "x.y.z", "items[5]", " is defined "};

    private final TemplateEngine engine = new TemplateEngine();

    @Property(tries = 1000)
    void randomTemplatesRenderOrFailWithATemplateException(@ForAll("jinjaLike") String template) {
        try {
            var root = engine.parse("random.jinja", template);
            engine.render("random.jinja", root, Map.of(), Map.of("x", "1", "y", "", "items", List.of("a", "b")));
        } catch (TemplateException typed) {
            // the engine's one typed failure
        }
    }

    @Property(tries = 300)
    void randomStringsRenderOrFailWithATemplateException(@ForAll String template) {
        try {
            var root = engine.parse("random.jinja", template);
            engine.render("random.jinja", root, Map.of(), Map.of("x", "1"));
        } catch (TemplateException typed) {
            // the engine's one typed failure
        }
    }

    @Provide
    Arbitrary<String> jinjaLike() {
        return Arbitraries.of(PIECES).list().ofMaxSize(30).map(l -> String.join("", l));
    }
}
