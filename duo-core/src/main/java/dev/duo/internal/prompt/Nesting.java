package dev.duo.internal.prompt;

import java.util.Set;

/**
 * A bound on how deeply a template nests, checked on its text before Jinjava's recursive parser
 * sees it (thousands of nested {@code {% if %}} or parentheses would otherwise end in a
 * {@code StackOverflowError}): block tags inside block tags, and brackets inside expressions.
 */
final class Nesting {

    private static final Set<String> BLOCKS = Set.of("if", "for", "with", "block", "macro", "call", "filter", "raw");

    private Nesting() {
    }

    /**
     * @throws TemplateException naming the file and line where the limit is passed
     */
    static void check(String file, String source, int max) {
        int blocks = 0;
        int line = 1;
        int n = source.length();
        for (int i = 0; i < n; i++) {
            char c = source.charAt(i);
            if (c == '\n') {
                line++;
            }
            if (c != '{' || i + 1 >= n || (source.charAt(i + 1) != '%' && source.charAt(i + 1) != '{')) {
                continue;
            }
            boolean tag = source.charAt(i + 1) == '%';
            int end = source.indexOf(tag ? "%}" : "}}", i + 2);
            if (end < 0) {
                return; // unclosed: the parser reports it
            }
            String inner = source.substring(i + 2, end);
            int depth = 0;
            int deepest = 0;
            for (int k = 0; k < inner.length(); k++) {
                char b = inner.charAt(k);
                if (b == '(' || b == '[' || b == '{') {
                    deepest = Math.max(deepest, ++depth);
                } else if (b == ')' || b == ']' || b == '}') {
                    depth--;
                }
            }
            if (deepest > max) {
                throw new TemplateException(file, line, 0, "brackets nested " + deepest + " deep; at most " + max
                        + " levels are allowed in a prompt template");
            }
            if (tag) {
                String name = inner.strip();
                if (name.startsWith("-")) {
                    name = name.substring(1).strip();
                }
                int sp = 0;
                while (sp < name.length() && (Character.isLetterOrDigit(name.charAt(sp)) || name.charAt(sp) == '_')) {
                    sp++;
                }
                name = name.substring(0, sp);
                if (BLOCKS.contains(name)) {
                    if (++blocks > max) {
                        throw new TemplateException(file, line, 0, "tags nested more than " + max + " deep; at most "
                                + max + " levels are allowed in a prompt template");
                    }
                    if (name.equals("raw")) {
                        int endRaw = source.indexOf("endraw", end);
                        if (endRaw < 0) {
                            return;
                        }
                        blocks--;
                        i = endRaw;
                        continue;
                    }
                } else if (name.startsWith("end") && BLOCKS.contains(name.substring(3))) {
                    blocks--;
                }
            }
            for (int k = i; k < end; k++) {
                if (source.charAt(k) == '\n') {
                    line++;
                }
            }
            i = end + 1;
        }
    }
}
