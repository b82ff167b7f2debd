package dev.duo.examples.cli;

import dev.duo.config.DuoConfig;
import dev.duo.config.SettingsStore;
import dev.duo.config.FeatureSettings;
import dev.duo.model.ApiKey;
import dev.duo.admin.DevelopmentCatalog;
import dev.duo.model.ModelFamily;
import dev.duo.model.ModelIdentifier;
import dev.duo.model.SelfHostedModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code duo models}: the self-hosted model registry in duo.yml. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List, add and remove self-hosted models.",
        subcommands = {ModelsCommand.Seed.class, ModelsCommand.ListModels.class, ModelsCommand.Add.class,
            ModelsCommand.Remove.class, ModelsCommand.CleanUp.class},
        footerHeading = "%nExamples:%n",
        footer = {"  duo models seed", "  duo models list --json",
            "  duo models add --name vllm --family mistral --identifier mistralai/Mistral-7B-Instruct-v0.3 --endpoint http://localhost:8000/v1"})
final class ModelsCommand extends BaseCommand {

    @Override
    int execute() {
        spec.commandLine().usage(out(), root().ansi());
        return 0;
    }

    /** {@code duo models seed}. */
    @Command(name = "seed", mixinStandardHelpOptions = true,
            description = "Add the development catalog of models (Bedrock and Fireworks AI); names that exist are skipped.",
            footerHeading = "%nExamples:%n",
            footer = {"  duo models seed", "  duo models seed --config ./dev/duo.yml"})
    static final class Seed extends BaseCommand {
        @Override
        int execute() {
            List<String> added = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            SettingsStore store = store();
            store.update(c -> {
                added.clear();
                skipped.clear();
                DuoConfig.Builder b = c.toBuilder();
                for (SelfHostedModel m : DevelopmentCatalog.models()) {
                    if (c.models().contains(m.name())) {
                        skipped.add(m.name());
                    } else {
                        b.model(m);
                        added.add(m.name());
                    }
                }
                return added.isEmpty() ? c : b.build();
            });
            if (added.isEmpty()) {
                out().println("Nothing to add: all " + skipped.size() + " models of the development catalog are already in "
                        + store.location() + ".");
                return 0;
            }
            out().println("Added " + added.size() + (added.size() == 1 ? " model:" : " models:"));
            added.forEach(n -> out().println("  " + n));
            if (!skipped.isEmpty()) {
                out().println("Skipped " + skipped.size() + " that already exist: " + String.join(", ", skipped));
            }
            saved(store);
            return 0;
        }
    }

    /** {@code duo models list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every model and the features it serves.",
            footerHeading = "%nExamples:%n", footer = {"  duo models list", "  duo models list --json | jq '.[].name'"})
    static final class ListModels extends BaseCommand {
        @Option(names = "--json", description = "Print a JSON array instead of a table.")
        boolean json;

        @Override
        int execute() {
            DuoConfig c = config();
            FeatureSettings settings = root().settings(c);
            if (json) {
                List<Map<String, Object>> all = new ArrayList<>();
                for (SelfHostedModel m : c.models().all()) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("name", m.name());
                    o.put("family", m.family().id());
                    o.put("identifier", m.identifier().raw());
                    o.put("platform", m.platform());
                    o.put("endpoint", m.effectiveEndpoint().map(URI::toString).orElse(null));
                    o.put("endpoints", m.effectiveEndpoints().stream().map(URI::toString).toList());   // replicas: all of them
                    o.put("release_state", m.releaseState().name());
                    o.put("api_key", m.apiKey().map(ApiKey::reference).orElse(null));
                    o.put("used_by", settings.usedBy(m.name()));
                    all.add(o);
                }
                Output.json(out(), all);
                return 0;
            }
            if (c.models().size() == 0) {
                out().println("No models. Add the development catalog with 'duo models seed', or one with 'duo models add'.");
                return 0;
            }
            Output.Table t = new Output.Table("NAME", "FAMILY", "STATE", "PLATFORM", "IDENTIFIER", "API KEY", "USED BY");
            for (SelfHostedModel m : c.models().all()) {
                List<String> used = settings.usedBy(m.name());
                t.row(m.name(), m.family().id(), m.releaseState(), m.platform(), m.identifier().raw(),
                        m.apiKey().map(ApiKey::reference).orElse(null), used.isEmpty() ? null : String.join(", ", used));
            }
            t.print(out());
            return 0;
        }
    }

    /** {@code duo models add}. */
    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a self-hosted model.",
            footerHeading = "%nExamples:%n",
            footer = {"  duo models add --name \"Mixtral [Fireworks]\" --family mixtral \\",
                "      --identifier fireworks_ai/accounts/fireworks/models/mixtral-8x22b-instruct --api-key-env FIREWORKS_AI_API_KEY",
                "  duo models add --name vllm --family mistral --identifier mistralai/Mistral-7B-Instruct-v0.3 \\",
                "      --endpoint http://localhost:8000/v1",
                "",
                "Identifiers: bedrock/<id>, fireworks_ai/<id>, openai/<id>, custom_openai/<id>; anything else is a",
                "model id on an OpenAI-compatible server, which needs --endpoint. At most 255 characters."})
    static final class Add extends BaseCommand {
        @Option(names = "--name", required = true, description = "A unique name, such as \"Mixtral 8x22b [Fireworks AI]\".")
        String name;
        @Option(names = "--family", required = true, description = "The model family: ${COMPLETION-CANDIDATES}.",
                completionCandidates = Families.class)
        String family;
        @Option(names = "--identifier", required = true, description = "Platform prefix and model id, such as fireworks_ai/accounts/fireworks/models/mixtral-8x22b-instruct.")
        String identifier;
        @Option(names = "--endpoint", description = "The server's base URL, such as http://localhost:8000/v1 (needed for OpenAI-compatible servers).")
        String endpoint;
        @Option(names = "--api-key-env", paramLabel = "VAR", description = "The environment variable holding the api key; the key itself never goes in duo.yml.")
        String apiKeyEnv;
        @Option(names = "--region", description = "The AWS region (Bedrock models).")
        String region;

        @Override
        int execute() {
            SelfHostedModel model = build();
            SettingsStore store = store();
            store.update(c -> {
                if (c.models().contains(model.name())) {
                    throw new CliException("A model named '" + model.name() + "' already exists: choose another --name, "
                            + "or remove it first with 'duo models remove \"" + model.name() + "\"'");
                }
                return c.toBuilder().model(model).build();
            });
            out().println("Added " + model.name() + " (" + model.family().id() + ", " + model.platform()
                    + model.effectiveEndpoint().map(e -> ", " + e).orElse("") + ").");
            if (model.releaseState().needsBetaOptIn()) {
                out().println("Note: " + model.family().id() + " is a BETA family: features can use this model after "
                        + "'duo settings beta on'.");
            }
            saved(store);
            return 0;
        }

        private SelfHostedModel build() {
            if (name.isBlank()) {
                throw new CliException("--name must not be blank: give the model a unique name such as \"Mixtral [Fireworks]\"");
            }
            ModelFamily fam;
            try {
                fam = ModelFamily.fromId(family.trim().toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
            SelfHostedModel.Builder b = SelfHostedModel.builder().name(name.trim()).family(fam).region(region);
            try {
                b.identifier(identifier);
            } catch (IllegalArgumentException e) {
                throw new CliException("Bad --identifier: " + e.getMessage()
                        + ". Write <platform>/<model id> (bedrock, fireworks_ai, openai, custom_openai) or a model id served at --endpoint");
            }
            if (endpoint != null) {
                try {
                    b.endpoint(new URI(endpoint.trim()));
                } catch (URISyntaxException e) {
                    throw new CliException("--endpoint '" + endpoint + "' is not a URL: write it as http(s)://host:port/v1");
                }
            }
            if (apiKeyEnv != null) {
                String var = apiKeyEnv.trim().replaceAll("^\\$\\{?|}$", "");
                try {
                    b.apiKey(ApiKey.fromEnv(var));
                } catch (IllegalArgumentException e) {
                    // The value is not echoed: a key pasted here by mistake must not land in a terminal log.
                    throw new CliException("--api-key-env takes the name of an environment variable (letters, digits "
                            + "and _), such as FIREWORKS_AI_API_KEY: export the key in that variable; the key itself never goes in duo.yml");
                }
            }
            try {
                return b.build();
            } catch (IllegalArgumentException e) {
                String msg = e.getMessage();
                if (msg.contains("needs an endpoint")) {
                    msg += ": pass --endpoint";
                }
                throw new CliException(Character.toUpperCase(msg.charAt(0)) + msg.substring(1));
            }
        }
    }

    /** Family ids for help and completion. */
    static final class Families implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Arrays.stream(ModelFamily.values()).map(ModelFamily::id).iterator();
        }
    }

    /** {@code duo models remove}. */
    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a model; refused while a feature uses it.",
            footerHeading = "%nExamples:%n", footer = {"  duo models remove \"Llama 3.1 8b [Bedrock]\""})
    static final class Remove extends BaseCommand {
        @Parameters(paramLabel = "NAME", description = "The model's name (quote names with spaces).")
        String name;

        @Override
        int execute() {
            SettingsStore store = store();
            store.update(c -> {
                c.models().get(name); // unknown names fail with "did you mean" and the known names
                List<String> users = root().settings(c).usedBy(name);
                if (!users.isEmpty()) {
                    throw new CliException("Model '" + name + "' is used by " + String.join(", ", users)
                            + ": assign them another model ('duo features assign <feature> --model <name>') or disable them "
                            + "('duo features disable <feature>') first");
                }
                return c.toBuilder().removeModel(name).build();
            });
            out().println("Removed " + name + ".");
            saved(store);
            return 0;
        }
    }

    /** {@code duo models clean-up}. */
    @Command(name = "clean-up", mixinStandardHelpOptions = true,
            description = "Remove every model and every feature setting (asks first; --yes skips the question).",
            footerHeading = "%nExamples:%n", footer = {"  duo models clean-up", "  duo models clean-up --yes"})
    static final class CleanUp extends BaseCommand {
        @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
        boolean yes;

        @Override
        int execute() throws IOException {
            SettingsStore store = store();
            DuoConfig now = store.read();
            if (!yes) {
                if (!environment().interactive()) {
                    throw new CliException("'duo models clean-up' removes every model and feature setting and there is no "
                            + "terminal to confirm on: pass --yes to confirm");
                }
                out().print("Remove all " + now.models().size() + " models and " + now.features().size()
                        + " feature settings from " + store.location() + "? [y/N] ");
                out().flush();
                String answer = new BufferedReader(new InputStreamReader(environment().stdin(), StandardCharsets.UTF_8)).readLine();
                if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).matches("y|yes")) {
                    out().println("Nothing removed.");
                    return 0;
                }
            }
            int[] removed = new int[2];
            store.update(c -> {
                removed[0] = c.models().size();
                removed[1] = c.features().size();
                if (removed[0] == 0 && removed[1] == 0) {
                    return c;
                }
                return c.toBuilder().models(List.of()).features(Map.of()).build();
            });
            out().println("Removed " + removed[0] + " models and " + removed[1] + " feature settings.");
            if (removed[0] + removed[1] > 0) {
                saved(store);
            }
            return 0;
        }
    }
}
