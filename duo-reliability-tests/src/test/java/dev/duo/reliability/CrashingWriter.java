package dev.duo.reliability;

import dev.duo.config.DuoConfig;
import dev.duo.admin.DuoConfigStore;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A separate JVM for {@link ConfigCrashTest}: writes generation after generation of duo.yml
 * through {@link DuoConfigStore} until it is killed. Generation {@code g} holds exactly
 * {@link #MODELS} models named {@code g<g>-m<j>}, so any whole file shows which generation it is.
 * Prints each generation's number once written.
 */
public final class CrashingWriter {

    static final int MODELS = 150;

    private CrashingWriter() {
    }

    public static void main(String[] args) {
        DuoConfigStore store = DuoConfigStore.of(Path.of(args[0]));
        int first = Integer.parseInt(args[1]);
        for (int g = first; ; g++) {
            DuoConfig next = generation(store.read(), g);
            store.update(c -> next);
            System.out.println(g);
            System.out.flush();
        }
    }

    static DuoConfig generation(DuoConfig base, int g) {
        List<SelfHostedModel> models = new ArrayList<>();
        for (int j = 0; j < MODELS; j++) {
            models.add(SelfHostedModel.builder().name("g" + g + "-m" + j).family(ModelFamily.MISTRAL)
                    .identifier("fireworks_ai/accounts/fireworks/models/generation-" + g + "-model-" + j).build());
        }
        return base.toBuilder().models(models).build();
    }
}
