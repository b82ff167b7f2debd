package dev.duo.examples.cli;

import dev.duo.spi.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duo.Message;
import dev.duo.Role;
import dev.duo.InvalidInputException;
import dev.duo.feature.Feature;
import dev.duo.feature.FeatureInput;
import dev.duo.feature.InputKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns {@code --input name=value}, {@code --input name=@file} and {@code --inputs-json FILE|-}
 * into named inputs, checked against what the feature declares (when one is given) and what the
 * prompt's templates use. JSON values are passed as such: objects as maps, lists as lists. Problems
 * come back as messages for a usage error.
 */
final class Inputs {

    private static final ObjectMapper JSON = Json.mapper();

    private final Feature feature;
    private final java.util.Set<String> templateInputs;
    private final Path workingDir;
    private final InputStream stdin;
    private final Function<String, RuntimeException> usage;
    private final Map<String, Object> values = new LinkedHashMap<>();

    Inputs(Feature feature, Path workingDir, InputStream stdin, Function<String, RuntimeException> usage) {
        this(feature, java.util.Set.of(), workingDir, stdin, usage);
    }

    /**
     * @param feature the feature whose declared inputs apply, or null when no feature uses the prompt
     * @param templateInputs the names the prompt's templates use, also accepted
     */
    Inputs(Feature feature, java.util.Set<String> templateInputs, Path workingDir, InputStream stdin,
            Function<String, RuntimeException> usage) {
        this.templateInputs = java.util.Set.copyOf(templateInputs);
        this.feature = feature;
        this.workingDir = workingDir;
        this.stdin = stdin;
        this.usage = usage;
    }

    /** Reads a JSON object of inputs: strings, lists of strings, or for a conversation a list of {role, content}. */
    Inputs json(String source) {
        JsonNode root;
        try {
            root = "-".equals(source) ? JSON.readTree(stdin) : JSON.readTree(Files.readString(workingDir.resolve(source)));
        } catch (NoSuchFileException e) {
            throw usage.apply("--inputs-json: the file " + source + " does not exist (use - to read standard input)");
        } catch (IOException e) {
            throw usage.apply("--inputs-json " + source + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse("")
                    + ". Write an object such as {\"user_instruction\": \"...\", \"libraries\": [\"a\", \"b\"]}");
        }
        if (root == null || !root.isObject()) {
            throw usage.apply("--inputs-json " + source + " must hold a JSON object of inputs, such as {\"prefix\": \"def \"}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            FeatureInput in = declared(e.getKey());
            values.put(in.name(), fromJson(in, e.getValue()));
        }
        return this;
    }

    /** Adds {@code name=value} options; {@code name=@file} reads a file, {@code @@} keeps a literal {@code @}. */
    Inputs options(List<String> options) {
        for (String opt : options) {
            int eq = opt.indexOf('=');
            if (eq <= 0) {
                throw usage.apply("--input expects name=value (or name=@file), such as --input "
                        + example() + "; got '" + opt + "'");
            }
            FeatureInput in = declared(opt.substring(0, eq).trim());
            String value = value(opt.substring(eq + 1), in.name());
            switch (in.kind()) {
                case LIST -> {
                    Object old = values.get(in.name());
                    List<Object> list = old instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
                    list.add(value);
                    values.put(in.name(), list);
                }
                case CONVERSATION -> values.put(in.name(), List.of(Message.user(value)));
                default -> values.put(in.name(), value);
            }
        }
        return this;
    }

    /**
     * The inputs, after checking that every required one is there; a feature's optional inputs that
     * the templates use and the call left out render empty, as in a feature call.
     */
    Map<String, Object> values() {
        if (feature == null) {
            return values;
        }
        for (FeatureInput in : feature.inputs()) {
            if (!in.required() && !values.containsKey(in.name()) && templateInputs.contains(in.name())
                    && in.kind() != InputKind.CONVERSATION) {
                values.put(in.name(), in.kind() == InputKind.TEXT ? "" : List.of());
            }
        }
        // Rendering needs what the templates use: a required input of the feature that this file does not
        // use (a gateway file may use other names) is not asked for.
        List<String> missing = feature.inputs().stream().filter(FeatureInput::required)
                .map(FeatureInput::name).filter(n -> !values.containsKey(n))
                .filter(n -> templateInputs.isEmpty() || templateInputs.contains(n)).toList();
        if (!missing.isEmpty()) {
            throw usage.apply(feature.key() + " needs the input" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                    + ": pass --input " + missing.get(0) + "=... (see 'duo features show " + feature.key() + "')");
        }
        return values;
    }

    private FeatureInput declared(String name) {
        if (feature != null && feature.input(name).isPresent()) {
            return feature.input(name).get();
        }
        if (templateInputs.contains(name)) {
            return new FeatureInput(name, false, InputKind.TEXT);
        }
        if (feature != null && templateInputs.isEmpty()) {
            try {
                return feature.requireInput(name);
            } catch (InvalidInputException e) {
                throw usage.apply(e.getMessage());
            }
        }
        throw usage.apply("the prompt takes no input '" + name + "'. Its templates use: "
                + (templateInputs.isEmpty() ? "no inputs" : String.join(", ", new java.util.TreeSet<>(templateInputs)))
                + (feature == null ? "" : "; feature " + feature.key() + " declares: " + String.join(", ",
                        feature.inputs().stream().map(FeatureInput::name).toList())));
    }

    /** The {@code --json} form of a rendered prompt: {prompt, file, messages, params}. */
    static Map<String, Object> describe(dev.duo.prompt.PromptTemplate template, dev.duo.prompt.RenderedPrompt r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("prompt", template.describe());
        out.put("file", template.file());
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int i = 0; i < r.messages().size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("role", r.messages().get(i).role().wireName());
            m.put("part", r.parts().get(i));
            m.put("content", r.messages().get(i).content());
            messages.add(m);
        }
        out.put("messages", messages);
        Map<String, Object> params = new LinkedHashMap<>();
        dev.duo.ModelParams p = r.params();
        p.maxTokens().ifPresent(v -> params.put("max_tokens", v));
        p.temperature().ifPresent(v -> params.put("temperature", v));
        p.topP().ifPresent(v -> params.put("top_p", v));
        p.stop().ifPresent(v -> params.put("stop", v));
        p.timeout().ifPresent(v -> params.put("timeout", v.toMillis() / 1000.0));
        out.put("params", params);
        return out;
    }

    private String value(String raw, String name) {
        if (raw.startsWith("@@")) {
            return raw.substring(1);
        }
        if (raw.startsWith("@")) {
            Path file = workingDir.resolve(raw.substring(1));
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw usage.apply("--input " + name + "=@" + raw.substring(1) + ": the file " + file
                        + " does not exist (write @@ for a value that starts with @)");
            } catch (IOException e) {
                throw usage.apply("--input " + name + ": cannot read " + file + ": " + e.getMessage());
            }
        }
        return raw;
    }

    private Object fromJson(FeatureInput in, JsonNode node) {
        switch (in.kind()) {
            case LIST -> {
                if (!node.isArray()) {
                    throw usage.apply("--inputs-json: " + in.name() + " is a list: write it as [\"...\", \"...\"]");
                }
                List<Object> out = new ArrayList<>();
                node.forEach(n -> out.add(n.isTextual() ? n.asText() : plain(n)));
                return out;
            }
            case CONVERSATION -> {
                if (!node.isArray()) {
                    throw usage.apply("--inputs-json: " + in.name() + " is a conversation: write it as "
                            + "[{\"role\": \"user\", \"content\": \"...\"}]");
                }
                List<Message> out = new ArrayList<>();
                for (JsonNode m : node) {
                    String role = m.path("role").asText("");
                    try {
                        out.add(new Message(Role.valueOf(role.toUpperCase(Locale.ROOT)), m.path("content").asText("")));
                    } catch (IllegalArgumentException e) {
                        throw usage.apply("--inputs-json: " + in.name() + " has a message with role '" + role
                                + "': use system, user or assistant");
                    }
                }
                return out;
            }
            default -> {
                return node.isTextual() ? node.asText() : plain(node);
            }
        }
    }

    /** A JSON value as plain Java data: objects as maps (in order), arrays as lists, null as null. */
    private static Object plain(JsonNode node) {
        return JSON.convertValue(node, Object.class);
    }

    private String example() {
        return feature.inputs().stream().filter(i -> i.kind() == InputKind.TEXT).findFirst()
                .map(i -> i.name() + "='...'").orElse("name=value");
    }
}
