package dev.duo.examples.cli;

import dev.duo.Message;
import dev.duo.config.DuoConfig;
import dev.duo.feature.Feature;
import dev.duo.feature.FeatureRegistry;
import dev.duo.model.ModelFamily;
import dev.duo.admin.PromptListing;
import dev.duo.admin.PromptLookup;
import dev.duo.admin.PromptProblem;
import dev.duo.prompt.PromptRegistry;
import dev.duo.prompt.PromptTemplate;
import dev.duo.prompt.RenderedPrompt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code duo prompts}: the prompt definitions, which file a family gets and why, and what a call would send. */
@Command(name = "prompts", mixinStandardHelpOptions = true,
        description = "List prompt definitions (bundled and from prompts.directories), explain which file a model "
                + "family gets, and render the messages a call would send.",
        subcommands = {PromptsCommand.ListPrompts.class, PromptsCommand.Show.class, PromptsCommand.Render.class},
        footerHeading = "%nExamples:%n",
        footer = {"  duo prompts list",
                  "  duo prompts show chat/explain_code --family mixtral",
                  "  duo prompts render code_suggestions/generations --family codestral --input user_instruction='a CSV parser'"})
final class PromptsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The last registry loaded, with what it was loaded from, for commands run many times in one JVM. */
    private static volatile Object[] lastRegistry;

    /**
     * The prompt registry of the configuration: bundled prompts plus the user's directories. Within one
     * JVM (a test, a shell embedding the CLI) the last one is reused while its directories hold the
     * same files with the same sizes and modification times.
     */
    static PromptRegistry registry(DuoConfig config) {
        List<java.nio.file.Path> dirs = config.promptDirectories();
        List<String> stamp = stamp(dirs);
        Object[] last = lastRegistry;
        if (last != null && last[0].equals(dirs) && last[1].equals(stamp) && last[3].equals(config.promptLookup())) {
            return (PromptRegistry) last[2];
        }
        PromptRegistry r = PromptRegistry.load(dirs, config.promptLookup());
        lastRegistry = new Object[] {dirs, stamp, r, config.promptLookup()};
        return r;
    }

    /** Every file under the directories with its size and modification time (one stat per file). */
    private static List<String> stamp(List<java.nio.file.Path> dirs) {
        List<String> out = new ArrayList<>();
        for (java.nio.file.Path d : dirs) {
            try {
                java.nio.file.Files.walkFileTree(d, new java.nio.file.SimpleFileVisitor<>() {
                    @Override
                    public java.nio.file.FileVisitResult visitFile(java.nio.file.Path p,
                            java.nio.file.attribute.BasicFileAttributes a) {
                        out.add(p + "|" + a.size() + "|" + a.lastModifiedTime());
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }
                });
            } catch (java.io.IOException e) {
                out.add(d + "|unreadable");
            }
        }
        return out;
    }

    static ModelFamily family(String id, java.util.function.Function<String, RuntimeException> usage) {
        try {
            return ModelFamily.fromId(id);
        } catch (IllegalArgumentException e) {
            throw usage.apply("--family: " + e.getMessage());
        }
    }

    /** The version constraint a feature using this prompt asks for, else {@code ^1.0.0}. */
    static String defaultConstraint(FeatureRegistry features, String promptId) {
        return features.all().stream().filter(f -> f.promptId().equals(promptId)).map(Feature::promptVersion)
                .findFirst().orElse("^1.0.0");
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every prompt id and family, with its versions and where each comes from.",
            footerHeading = "%nExamples:%n", footer = {"  duo prompts list", "  duo prompts list --json"})
    static final class ListPrompts extends BaseCommand {
        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;

        @Override
        int execute() {
            PromptRegistry prompts = registry(config());
            List<PromptListing> all = prompts.list();
            if (json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (PromptListing l : all) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", l.id());
                    row.put("family", l.family());
                    row.put("versions", l.versions().stream().map(v -> Map.of("version", v.version(),
                            "source", v.source(), "usable", v.usable())).toList());
                    rows.add(row);
                }
                Output.json(out(), rows);
            } else {
                Output.Table t = new Output.Table("ID", "FAMILY", "VERSIONS", "SOURCE");
                for (PromptListing l : all) {
                    t.row(l.id(), l.family(),
                            l.versions().stream().map(v -> v.version() + (v.usable() ? "" : " (broken)"))
                                    .collect(Collectors.joining(", ")),
                            l.versions().stream().map(PromptListing.Version::source).distinct()
                                    .collect(Collectors.joining(", ")));
                }
                t.print(out());
            }
            for (PromptProblem p : prompts.problems()) {
                err().println("warning: " + p.describe());
            }
            prompts.warnings().forEach(w -> err().println("warning: " + w));
            return 0;
        }
    }

    @Command(name = "show",
            description = "Which file a model family gets for a prompt id and version constraint, and why (the lookup trail).",
            footerHeading = "%nExamples:%n",
            footer = {"  duo prompts show chat/explain_code --family mixtral",
                      "  duo prompts show code_suggestions/generations --family codestral --version '^1.0.0'"})
    static final class Show extends BaseCommand {
        @Parameters(paramLabel = "PROMPT_ID", description = "A prompt id, such as chat/explain_code.")
        String id;

        @Option(names = "--family", defaultValue = "general", description = "The model family (default: ${DEFAULT-VALUE}).")
        String family;

        // --version is the prompt's version constraint here, so these commands spell out --help themselves.
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Option(names = "--version", description = "A version constraint (default: what the feature asks for, else ^1.0.0).")
        String version;

        @Override
        int execute() {
            DuoConfig config = config();
            String constraint = version != null ? version : defaultConstraint(root().features(config), id);
            PromptLookup lookup = registry(config).explain(id, family(family, this::usage), constraint);
            out().println(lookup.explanation());
            lookup.chosen().ifPresent(t -> {
                out().println();
                out().println("file       " + t.file());
                out().println("source     " + t.source());
                out().println("mode       " + t.mode());
                out().println("params     " + t.params());
                out().println("variables  " + String.join(", ", t.variables()));
            });
            return lookup.chosen().isPresent() ? 0 : 1;
        }
    }

    @Command(name = "render",
            description = "Print the messages a call with these inputs would send, without calling a model. Any prompt "
                    + "id renders, with the inputs its templates use (a feature's declared inputs apply when a feature "
                    + "uses the id).",
            footerHeading = "%nExamples:%n",
            footer = {"  duo prompts render code_suggestions/completions --family codestral --input prefix='def fib(n):'",
                      "  duo prompts render chat/explain_code --family claude_3 --input selected_text=@src/Main.java",
                      "  duo prompts render chat/agent --family gpt_5 --version 1.0.1 --inputs-json inputs.json --json"})
    static final class Render extends BaseCommand {
        @Parameters(paramLabel = "PROMPT_ID", description = "A prompt id, such as chat/explain_code.")
        String id;

        @Option(names = "--family", required = true, description = "A model family (follows its prompt lookup order), "
                + "or any family folder of the prompt, such as gpt_5 (then base).")
        String family;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Option(names = "--version", description = "A version constraint (default: what the feature asks for, else ^1.0.0).")
        String version;

        @Option(names = "--input", paramLabel = "NAME=VALUE", description = "An input: name=value, or name=@file.")
        List<String> inputs = new ArrayList<>();

        @Option(names = "--inputs-json", paramLabel = "FILE|-", description = "A JSON object of inputs, from a file or -; "
                + "objects and lists are passed as such.")
        String inputsJson;

        @Option(names = "--json", description = "Print {prompt, file, messages: [{role, part, content}], params} as JSON.")
        boolean json;

        @Override
        int execute() {
            DuoConfig config = config();
            FeatureRegistry features = root().features(config);
            Feature feature = features.all().stream().filter(f -> f.promptId().equals(id)).findFirst().orElse(null);
            String constraint = version != null ? version : feature != null ? feature.promptVersion() : "^1.0.0";
            PromptRegistry prompts = registry(config);
            checkFolder(prompts);
            PromptTemplate template = prompts.select(id, family, constraint);
            Inputs in = new Inputs(feature, template.acceptedInputs(), environment().workingDirectory(),
                    environment().stdin(), this::usage);
            if (inputsJson != null) {
                in.json(inputsJson);
            }
            Map<String, Object> values = in.options(inputs).values();
            boolean conversation = feature != null && feature.inputs().stream()
                    .anyMatch(i -> i.kind() == dev.duo.feature.InputKind.CONVERSATION && values.containsKey(i.name()));
            RenderedPrompt rendered = conversation ? template.render(feature, values) : template.render(values);
            if (json) {
                Output.json(out(), Inputs.describe(template, rendered));
                return 0;
            }
            out().println("# " + template.describe() + " (" + template.source() + "), mode " + rendered.mode()
                    + ", params " + rendered.params());
            for (int i = 0; i < rendered.messages().size(); i++) {
                Message m = rendered.messages().get(i);
                String part = rendered.parts().get(i);
                out().println();
                out().println("--- " + m.role().wireName() + (part.equals(m.role().wireName()) ? "" : " (" + part + ")")
                        + " ---");
                out().println(m.content());
            }
            return 0;
        }

        /** A folder that is neither a family nor one of the prompt's folders is almost always a typo. */
        private void checkFolder(PromptRegistry prompts) {
            boolean isFamily = java.util.Arrays.stream(ModelFamily.values()).anyMatch(f -> f.id().equals(family));
            List<String> folders = prompts.list().stream().filter(l -> l.id().equals(id)).map(PromptListing::family)
                    .toList();
            if (isFamily || folders.isEmpty() || folders.contains(family)) {
                return;
            }
            throw usage("--family: prompt " + id + " has no folder '" + family + "' and it is not a model family. "
                    + "Its folders: "
                    + String.join(", ", folders) + "; families: " + ModelFamily.allIds());
        }
    }
}
