package dev.duo.internal.prompt;

import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.util.ForLoop;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jinjava.javax.el.CompositeELResolver;
import jinjava.javax.el.ELContext;

/**
 * Jinjava's read-only resolver with the gateway's sandbox and Jinja2's attribute rules: a template
 * reads keys of mappings, items of lists and the loop's state, never a Java getter or method of
 * its inputs; a missing key or attribute reads as {@link PyValues#UNDEFINED} (printing empty, as
 * Jinja2's lenient Undefined), and reading an attribute of an undefined value is an error, as in
 * Jinja2. Jinjava calls filters and tests through the method hook, so those two (our own, vetted
 * code) stay allowed. {@link TemplateAnalyzer} already rejects method calls at load.
 */
final class SandboxResolver extends CompositeELResolver {

    /** Methods of Python's {@code str}: the gateway's sandbox refuses these callable attributes. */
    private static final Set<String> STR_METHODS = Set.of("capitalize", "casefold", "center", "count", "encode",
            "endswith", "expandtabs", "find", "format", "format_map", "index", "isalnum", "isalpha", "isascii",
            "isdecimal", "isdigit", "isidentifier", "islower", "isnumeric", "isprintable", "isspace", "istitle",
            "isupper", "join", "ljust", "lower", "lstrip", "maketrans", "partition", "removeprefix", "removesuffix",
            "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip", "split", "splitlines",
            "startswith", "strip", "swapcase", "title", "translate", "upper", "zfill");

    SandboxResolver() {
        add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        if (base instanceof Filter || base instanceof ExpTest) {
            return super.getValue(context, base, property);
        }
        context.setPropertyResolved(true);
        if (base == PyValues.UNDEFINED) {
            throw new SecurityException("'" + property + "' is read from an undefined value (Jinja2's UndefinedError): "
                    + "the value before it is missing");
        }
        if (base == PyValues.NONE) {
            return PyValues.UNDEFINED;
        }
        if (base instanceof Map<?, ?> m) {
            Object key = property;
            if (!m.containsKey(key)) {
                key = property instanceof Number n ? (Object) String.valueOf(n) : property;
                if (!m.containsKey(key)) {
                    return PyValues.UNDEFINED;
                }
            }
            return PyValues.read(m.get(key));
        }
        if (base instanceof List<?> l) {
            Integer i = index(property);
            if (i == null) {
                return PyValues.UNDEFINED;
            }
            int at = i < 0 ? l.size() + i : i;
            return at >= 0 && at < l.size() ? PyValues.read(l.get(at)) : PyValues.UNDEFINED;
        }
        if (base instanceof ForLoop) {
            context.setPropertyResolved(false);
            return super.getValue(context, base, property);
        }
        if (base instanceof CharSequence s) {
            Integer i = index(property);
            if (i != null) {
                int at = i < 0 ? s.length() + i : i;
                return at >= 0 && at < s.length() ? String.valueOf(s.charAt(at)) : PyValues.UNDEFINED;
            }
            if (STR_METHODS.contains(String.valueOf(property))) {
                throw refused(base, property);
            }
            return PyValues.UNDEFINED;
        }
        if (base instanceof Number || base instanceof Boolean) {
            return PyValues.UNDEFINED;
        }
        throw refused(base, property);
    }

    private static SecurityException refused(Object base, Object property) {
        return new SecurityException("attribute '" + property + "' of a " + base.getClass().getSimpleName()
                + " is not readable in prompt templates (sandbox: no Java getters or methods); pass inputs as "
                + "strings, numbers, booleans, lists and maps");
    }

    private static Integer index(Object property) {
        if (property instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.valueOf(String.valueOf(property));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (base instanceof Filter || base instanceof ExpTest) {
            DuoInterpreter.stepCurrent();
            if (base instanceof Filter f && params != null) {
                checkSizes(f.getName(), params);
            }
            if (params != null) {
                boolean seesUndefined = base instanceof SeesUndefined;
                for (int i = 0; i < params.length; i++) {
                    if (params[i] == PyValues.NONE || (params[i] == PyValues.UNDEFINED && !seesUndefined)) {
                        params[i] = null;
                    }
                }
            }
            return super.invoke(context, base, method, paramTypes, params);
        }
        throw new SecurityException("method calls are not allowed in prompt templates (sandbox): '"
                + method + "' called on " + (base == null ? "nothing" : base.getClass().getSimpleName()));
    }

    /**
     * Refuses, before the filter allocates anything, a width or count argument (center, indent,
     * wordwrap, truncate, format's {@code %N} widths ...) larger than the render budget's output.
     */
    private static void checkSizes(String filter, Object[] params) {
        RenderBudget budget = DuoInterpreter.currentBudget();
        if (budget == null) {
            return;
        }
        for (Object p : params) {
            checkSize(budget, filter, p);
            if (p instanceof Object[] args) {
                for (Object a : args) {
                    checkSize(budget, filter, a);
                }
            } else if (p instanceof Map<?, ?> kwargs) {
                kwargs.values().forEach(v -> checkSize(budget, filter, v));
            }
        }
        if ("join".equals(filter) && params.length > 2 && params[0] instanceof java.util.Collection<?> items
                && params[2] instanceof Object[] args && args.length > 0 && args[0] instanceof CharSequence sep) {
            long size = (long) Math.max(0, items.size() - 1) * sep.length();
            for (Object item : items) {
                size += item instanceof CharSequence cs ? cs.length() : 16;
            }
            budget.checkSize("the text filter 'join' would build, of length", size);
        }
        if ("format".equals(filter) && params.length > 0 && params[0] instanceof CharSequence pattern) {
            java.util.regex.Matcher m = FORMAT_WIDTH.matcher(pattern);
            while (m.find()) {
                budget.checkSize("a width in the format pattern of filter 'format'", Long.parseLong(
                        m.group(1).length() > 12 ? "9999999999999" : m.group(1)));
            }
        }
    }

    private static final java.util.regex.Pattern FORMAT_WIDTH = java.util.regex.Pattern.compile("%[-#+ 0,(]*(\\d+)");

    private static void checkSize(RenderBudget budget, String filter, Object v) {
        if (v instanceof Number n && !(v instanceof Double d && d.isNaN())) {
            double x = n.doubleValue();
            budget.checkSize("an argument of filter '" + filter + "'", (long) x);
        }
    }

    /** A filter or test that handles Jinja2's undefined value itself ({@code default}, {@code defined} ...). */
    interface SeesUndefined {
    }
}
