package dev.duo.examples.cli;

import dev.duo.config.DuoConfig;
import dev.duo.config.FeatureSettings;
import dev.duo.feature.Feature;
import dev.duo.feature.FeatureInput;
import dev.duo.feature.FeatureRegistry;
import dev.duo.feature.FeatureSetting;
import dev.duo.admin.SettingProvider;
import dev.duo.model.ModelFamily;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code duo features list} prints, apart from picocli: {@link FeaturesCommand.ListFeatures} and
 * {@link ListingShortcut} (which runs the listing without building picocli's model) both print it here.
 */
final class FeatureListing {

    private FeatureListing() {
    }

    /** Prints the listing: a table, or with {@code json} a JSON array. */
    static void print(PrintWriter out, DuoConfig c, FeatureRegistry features, boolean json) {
        FeatureSettings settings = new FeatureSettings(features, c);
        if (json) {
            List<Map<String, Object>> all = new ArrayList<>();
            for (Feature f : features.all()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("key", f.key());
                o.put("title", f.title());
                o.put("release_state", f.releaseState().name());
                o.put("category", f.category());
                o.put("families", f.families().stream().map(ModelFamily::id).toList());
                o.put("unit_primitives", f.unitPrimitives());
                o.put("aliases", f.aliases());
                o.put("prompt_id", f.promptId());
                List<Map<String, Object>> inputs = new ArrayList<>();
                for (FeatureInput i : f.inputs()) {
                    Map<String, Object> in = new LinkedHashMap<>();
                    in.put("name", i.name());
                    in.put("required", i.required());
                    in.put("kind", i.kind().name().toLowerCase(java.util.Locale.ROOT));
                    inputs.add(in);
                }
                o.put("inputs", inputs);
                FeatureSetting s = settings.settingOf(f);
                Map<String, Object> setting = new LinkedHashMap<>();
                setting.put("provider", s.provider().configName());
                setting.put("model", s.model());
                if (s.viaGateway()) {
                    setting.put("via", "ai_gateway");
                }
                setting.put("fallback_models", s.fallbackModels());
                o.put("setting", setting);
                all.add(o);
            }
            Output.json(out, all);
            return;
        }
        Output.Table t = new Output.Table("KEY", "TITLE", "STATE", "CATEGORY", "SETTING");
        for (Feature f : features.all()) {
            t.row(f.key(), f.title(), f.releaseState(), f.category(), describe(settings.settingOf(f)));
        }
        t.print(out);
        if (!c.betaModelsEnabled()) {
            out.println();
            out.println("BETA and EXPERIMENT features need the beta opt-in: 'duo settings beta on'.");
        }
    }

    /** A setting as the table's SETTING column says it. */
    static String describe(FeatureSetting s) {
        return s.provider() == SettingProvider.SELF_HOSTED ? s.model() + (s.viaGateway() ? " (via ai_gateway)" : "")
                + (s.fallbackModels().isEmpty() ? "" : ", then " + String.join(", then ", s.fallbackModels()))
                : s.provider().configName();
    }
}
