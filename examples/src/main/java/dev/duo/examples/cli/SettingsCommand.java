package dev.duo.examples.cli;

import dev.duo.config.SettingsStore;
import dev.duo.config.FeatureSettings;
import dev.duo.feature.Feature;
import dev.duo.feature.FeatureSetting;
import dev.duo.admin.SettingProvider;
import dev.duo.model.SelfHostedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code duo settings}: switches that apply to every feature. */
@Command(name = "settings", mixinStandardHelpOptions = true, description = "Settings that apply to every feature.",
        subcommands = SettingsCommand.Beta.class,
        footerHeading = "%nExamples:%n", footer = {"  duo settings beta on"})
final class SettingsCommand extends BaseCommand {

    @Override
    int execute() {
        spec.commandLine().usage(out(), root().ansi());
        return 0;
    }

    /** {@code duo settings beta on|off}. */
    @Command(name = "beta", mixinStandardHelpOptions = true,
            description = "Turn the beta opt-in on or off (\"Use beta models and features in GitLab Duo Self-Hosted\"): "
                    + "BETA and EXPERIMENT features and BETA model families need it.",
            footerHeading = "%nExamples:%n", footer = {"  duo settings beta on", "  duo settings beta off"})
    static final class Beta extends BaseCommand {
        @Parameters(paramLabel = "on|off", description = "on or off.")
        String state;

        @Override
        int execute() {
            boolean on = switch (state.trim().toLowerCase(Locale.ROOT)) {
                case "on", "true", "yes" -> true;
                case "off", "false", "no" -> false;
                default -> throw usage("'duo settings beta' takes on or off, not '" + state + "'");
            };
            SettingsStore store = store();
            List<String> affected = new ArrayList<>();
            boolean[] was = new boolean[1];
            store.update(c -> {
                affected.clear();
                was[0] = c.betaModelsEnabled();
                if (was[0] == on) {
                    return c;
                }
                if (!on) {
                    FeatureSettings s = root().settings(c);
                    for (Feature f : root().features(c).all()) {
                        FeatureSetting fs = s.settingOf(f);
                        if (fs.provider() != SettingProvider.SELF_HOSTED) {
                            continue;
                        }
                        boolean betaModel = c.models().find(fs.model()).map(SelfHostedModel::releaseState)
                                .map(r -> r.needsBetaOptIn()).orElse(false);
                        if (f.releaseState().needsBetaOptIn() || betaModel) {
                            affected.add(f.key());
                        }
                    }
                }
                return c.toBuilder().betaModelsEnabled(on).build();
            });
            if (was[0] == on) {
                out().println("The beta opt-in is already " + (on ? "on" : "off") + ".");
                return 0;
            }
            out().println("The beta opt-in is now " + (on ? "on: BETA and EXPERIMENT features and BETA families can be used."
                    : "off."));
            if (!affected.isEmpty()) {
                out().println("These features keep their setting but will not be served until it is on again: "
                        + String.join(", ", affected) + ".");
            }
            saved(store);
            return 0;
        }
    }
}
