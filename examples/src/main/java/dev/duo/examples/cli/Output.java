package dev.duo.examples.cli;

import dev.duo.spi.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Tables for people and JSON for scripts. */
final class Output {

    private static final ObjectMapper JSON = Json.mapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {
    }

    /** Prints {@code value} (maps and lists, in their order) as indented JSON. */
    static void json(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A left-aligned text table with a header row; cells may hold colour markup already rendered. */
    static final class Table {
        private final List<String> header;
        private final List<List<String>> rows = new ArrayList<>();

        Table(String... header) {
            this.header = List.of(header);
        }

        Table row(Object... cells) {
            List<String> r = new ArrayList<>();
            for (Object c : cells) {
                r.add(c == null ? "-" : String.valueOf(c));
            }
            rows.add(r);
            return this;
        }

        boolean isEmpty() {
            return rows.isEmpty();
        }

        void print(PrintWriter out) {
            int[] width = new int[header.size()];
            for (int i = 0; i < header.size(); i++) {
                width[i] = visible(header.get(i));
                for (List<String> r : rows) {
                    width[i] = Math.max(width[i], visible(r.get(i)));
                }
            }
            line(out, header, width);
            for (List<String> r : rows) {
                line(out, r, width);
            }
        }

        private static void line(PrintWriter out, List<String> cells, int[] width) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < cells.size(); i++) {
                String c = cells.get(i);
                sb.append(c);
                if (i < cells.size() - 1) {
                    sb.append(" ".repeat(width[i] - visible(c) + 2));
                }
            }
            out.println(sb.toString().stripTrailing());
        }

        /** The width on screen: ANSI escape sequences take none. */
        private static int visible(String s) {
            return s.replaceAll("\u001B\\[[0-9;]*m", "").length();
        }
    }
}
