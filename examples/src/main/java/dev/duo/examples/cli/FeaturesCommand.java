package dev.duo.examples.cli;

import dev.duo.config.DuoConfig;
import dev.duo.config.SettingsStore;
import dev.duo.config.FeatureSettings;
import dev.duo.feature.Feature;
import dev.duo.feature.FeatureInput;
import dev.duo.feature.FeatureRegistry;
import dev.duo.feature.FeatureSetting;
import dev.duo.admin.SettingProvider;
import dev.duo.model.ModelFamily;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code duo features}: which model serves which AI feature, with GitLab's rules. */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = "List features and set which model serves each.",
        subcommands = {FeaturesCommand.ListFeatures.class, FeaturesCommand.Show.class, FeaturesCommand.Assign.class,
            FeaturesCommand.Disable.class, FeaturesCommand.ApplyToCategory.class},
        footerHeading = "%nExamples:%n",
        footer = {"  duo features list", "  duo features show code_generation",
            "  duo features assign duo_chat --model \"Claude Sonnet 4 [Bedrock]\""})
final class FeaturesCommand extends BaseCommand {

    @Override
    int execute() {
        spec.commandLine().usage(out(), root().ansi());
        return 0;
    }

    static String describe(FeatureSetting s) {
        return FeatureListing.describe(s);
    }

    /** {@code duo features list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every feature and its setting.",
            footerHeading = "%nExamples:%n", footer = {"  duo features list", "  duo features list --json"})
    static final class ListFeatures extends BaseCommand {
        @Option(names = "--json", description = "Print a JSON array instead of a table.")
        boolean json;

        @Override
        int execute() {
            DuoConfig c = config();
            FeatureListing.print(out(), c, root().features(c), json);
            return 0;
        }
    }

    /** {@code duo features show}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show a feature: its inputs, compatible families, setting and the models that could serve it.",
            footerHeading = "%nExamples:%n", footer = {"  duo features show code_generation", "  duo features show duo_chat"})
    static final class Show extends BaseCommand {
        @Parameters(paramLabel = "FEATURE", description = "A feature key or alias.")
        String feature;

        @Override
        int execute() {
            DuoConfig c = config();
            FeatureRegistry features = root().features(c);
            Feature f = features.get(feature);
            FeatureSettings settings = new FeatureSettings(features, c);
            out().println(f.title() + " (" + f.key() + ")");
            out().println("  release state:   " + f.releaseState()
                    + (f.releaseState().needsBetaOptIn() && !c.betaModelsEnabled() ? " (needs 'duo settings beta on')" : ""));
            out().println("  category:        " + f.category());
            if (!f.aliases().isEmpty()) {
                out().println("  aliases:         " + String.join(", ", f.aliases()));
            }
            out().println("  families:        " + String.join(", ", f.families().stream().map(ModelFamily::id).toList()));
            out().println("  unit primitives: " + String.join(", ", f.unitPrimitives()));
            out().println("  prompt:          " + f.promptId() + " " + f.promptVersion());
            FeatureSetting current = settings.settingOf(f);
            out().println("  setting:         " + describe(current));
            if (!current.fallbackModels().isEmpty()) {
                out().println("  fallback models: " + String.join(", ", current.fallbackModels())
                        + " (in order, when the model fails after its retries or its circuit is open)");
            }
            out().println("  inputs:");
            for (FeatureInput i : f.inputs()) {
                out().println("    " + i.name() + "  " + (i.required() ? "required" : "optional") + ", "
                        + i.kind().name().toLowerCase(java.util.Locale.ROOT));
            }
            java.util.Optional.ofNullable(settings.settingOf(f).model()).flatMap(c.models()::find).filter(m -> !m.replicas().isEmpty())
                    .ifPresent(m -> out().println("  replicas:        " + String.join(", ",
                            m.replicas().stream().map(dev.duo.spi.EndpointRules::display).toList())));
            List<String> suited = c.models().all().stream().filter(m -> f.supports(m.family()))
                    .map(m -> m.name() + (m.releaseState().needsBetaOptIn() && !c.betaModelsEnabled() ? " (BETA: needs the opt-in)" : ""))
                    .toList();
            out().println("  models that can serve it: " + (suited.isEmpty() ? "none in " + c.source().orElse("the configuration")
                    + " (add one with 'duo models add' or 'duo models seed')" : String.join(", ", suited)));
            return 0;
        }
    }

    /** {@code duo features assign}. */
    @Command(name = "assign", mixinStandardHelpOptions = true, description = "Serve a feature with a self-hosted model.",
            footerHeading = "%nExamples:%n",
            footer = {"  duo features assign code_generation --model \"Codestral 22b v0.1 [Fireworks AI]\"",
                "  duo features assign code_generation --model \"Codestral on vLLM\" --fallback \"Mixtral 8x22b [Fireworks AI]\""})
    static final class Assign extends BaseCommand {
        @Parameters(paramLabel = "FEATURE", description = "A feature key or alias.")
        String feature;
        @Option(names = "--model", required = true, paramLabel = "NAME", description = "The model's name (see 'duo models list').")
        String model;
        @Option(names = "--fallback", paramLabel = "NAME",
                description = "A fallback model, tried in the order given when the model fails (repeatable).")
        List<String> fallbacks = new java.util.ArrayList<>();

        @Override
        int execute() {
            SettingsStore store = store();
            Feature[] done = new Feature[1];
            store.update(c -> {
                FeatureSettings s = root().settings(c);
                done[0] = root().features(c).get(feature);
                return s.assign(feature, model, fallbacks);
            });
            out().println(done[0].title() + " (" + done[0].key() + ") is now served by " + model
                    + (fallbacks.isEmpty() ? "" : ", falling back to " + String.join(", then ", fallbacks)) + ".");
            saved(store);
            return 0;
        }
    }

    /** {@code duo features disable}. */
    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Turn a feature off.",
            footerHeading = "%nExamples:%n", footer = {"  duo features disable duo_chat_troubleshoot_job"})
    static final class Disable extends BaseCommand {
        @Parameters(paramLabel = "FEATURE", description = "A feature key or alias.")
        String feature;

        @Override
        int execute() {
            SettingsStore store = store();
            Feature[] done = new Feature[1];
            store.update(c -> {
                done[0] = root().features(c).get(feature);
                return root().settings(c).set(feature, SettingProvider.DISABLED);
            });
            out().println(done[0].title() + " (" + done[0].key() + ") is disabled.");
            saved(store);
            return 0;
        }
    }

    /** {@code duo features apply-to-category}. */
    @Command(name = "apply-to-category", mixinStandardHelpOptions = true,
            description = "Copy a feature's setting to every feature of its category (refused unless the model suits them all).",
            footerHeading = "%nExamples:%n", footer = {"  duo features apply-to-category duo_chat"})
    static final class ApplyToCategory extends BaseCommand {
        @Parameters(paramLabel = "FEATURE", description = "The feature whose setting is copied.")
        String feature;

        @Override
        int execute() {
            SettingsStore store = store();
            List<String> changed = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            Feature[] source = new Feature[1];
            FeatureSetting[] setting = new FeatureSetting[1];
            store.update(c -> {
                changed.clear();
                skipped.clear();
                FeatureRegistry features = root().features(c);
                FeatureSettings before = new FeatureSettings(features, c);
                source[0] = features.get(feature);
                setting[0] = before.settingOf(source[0]);
                DuoConfig next = before.applyToCategory(feature);
                FeatureSettings after = new FeatureSettings(features, next);
                for (Feature f : features.inCategory(source[0].category())) {
                    if (!before.settingOf(f).equals(after.settingOf(f))) {
                        changed.add(f.key());
                    } else if (f.releaseState().needsBetaOptIn() && !c.betaModelsEnabled()) {
                        skipped.add(f.key());
                    }
                }
                return changed.isEmpty() ? c : next;
            });
            if (!skipped.isEmpty()) {
                out().println("Skipped " + String.join(", ", skipped) + ": BETA and EXPERIMENT features need the beta opt-in "
                        + "('duo settings beta on').");
            }
            if (changed.isEmpty()) {
                out().println("Every usable feature of " + source[0].category() + " is already set to "
                        + describe(setting[0]) + ".");
                return 0;
            }
            out().println("Set " + String.join(", ", changed) + " to " + describe(setting[0]) + " (like "
                    + source[0].key() + ", category " + source[0].category() + ").");
            saved(store);
            return 0;
        }
    }
}
