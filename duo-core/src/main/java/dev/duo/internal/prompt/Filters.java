package dev.duo.internal.prompt;

import dev.duo.spi.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.interpret.InterpretException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The filters that behave as the gateway's: {@code split} and {@code parse_json} (its two extra
 * filters, with its limits) and {@code tojson} (Jinja2's, honouring {@code indent}).
 */
final class Filters {

    /** The gateway's cap on {@code parse_json} input, against oversized payloads. */
    static final int PARSE_JSON_MAX_CHARS = 1_000_000;

    private static final ObjectMapper JSON = Json.mapper();

    private Filters() {
    }

    /** {@code value | split(delimiter=" ", maxsplit=None)} with Python's {@code str.split} semantics. */
    static final class Split implements Filter {
        @Override
        public String getName() {
            return "split";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return filter(var, interpreter, (Object[]) args, Map.of());
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object d = args.length > 0 ? args[0] : kwargs.getOrDefault("delimiter", " ");
            Object m = args.length > 1 ? args[1] : kwargs.get("maxsplit");
            String delimiter = d == null ? " " : d.toString();
            if (delimiter.isEmpty()) {
                throw new InterpretException("Empty delimiter is not allowed for split filter");
            }
            int maxSplit = m == null ? -1 : ((Number) (m instanceof Number ? m : Long.parseLong(m.toString()))).intValue();
            String s = var == null ? "" : var.toString();
            List<String> parts = new ArrayList<>();
            int start = 0;
            int idx;
            while ((maxSplit < 0 || parts.size() < maxSplit) && (idx = s.indexOf(delimiter, start)) >= 0) {
                parts.add(s.substring(start, idx));
                start = idx + delimiter.length();
            }
            parts.add(s.substring(start));
            return parts;
        }
    }

    /** {@code value | parse_json}: a JSON string (at most 1,000,000 characters) to maps, lists and values. */
    static final class ParseJson implements Filter {
        @Override
        public String getName() {
            return "parse_json";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            if (!(var instanceof String s)) {
                throw new InterpretException("Value for parse_json must be string.");
            }
            if (s.length() > PARSE_JSON_MAX_CHARS) {
                throw new InterpretException("Input to parse_json filter exceeds maximum allowed length of "
                        + PARSE_JSON_MAX_CHARS + " characters");
            }
            try {
                return JSON.readValue(s, Object.class);
            } catch (java.io.IOException e) {
                throw new InterpretException("Invalid json value", e);
            }
        }
    }

    /**
     * Jinja2's {@code default(value, default_value='', boolean=False)} (and its alias {@code d}): the
     * default replaces an undefined value (not None), or with {@code boolean=true} any false one.
     */
    static final class Default implements Filter, SandboxResolver.SeesUndefined {
        private final String name;

        Default(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return filter(var, interpreter, (Object[]) args, Map.of());
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object fallback = args.length > 0 ? args[0] : kwargs.getOrDefault("default_value", "");
            Object b = args.length > 1 ? args[1] : kwargs.getOrDefault("boolean", false);
            boolean useFalse = b instanceof Boolean bool ? bool : com.hubspot.jinjava.util.ObjectTruthValue.evaluate(b);
            if (var == PyValues.UNDEFINED || (useFalse && !com.hubspot.jinjava.util.ObjectTruthValue.evaluate(var))) {
                return fallback == PyValues.UNDEFINED ? null : fallback;
            }
            return var;
        }
    }

    /** Jinja2's tests {@code none}, {@code defined} and {@code undefined}, which tell None from Undefined. */
    static final class PyTest implements com.hubspot.jinjava.lib.exptest.ExpTest, SandboxResolver.SeesUndefined {
        private final String name;

        PyTest(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
            return switch (name) {
                case "none" -> var == null;
                case "defined" -> var != PyValues.UNDEFINED;
                default -> var == PyValues.UNDEFINED;
            };
        }
    }

    /** {@code value | tojson(indent=2)}: Jinja2's HTML-safe {@code json.dumps(sort_keys=True)}. */
    static final class ToJson implements Filter {
        @Override
        public String getName() {
            return "tojson";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return filter(var, interpreter, (Object[]) args, Map.of());
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object indent = args.length > 0 ? args[0] : kwargs.get("indent");
            Integer n = indent == null ? null : Integer.valueOf(indent.toString());
            return PyJson.dumps(var, n);
        }
    }
}
