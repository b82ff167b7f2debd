package dev.duo.admin;

import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import java.nio.file.Path;

/**
 * A separate JVM for {@link DuoConfigStoreTest}: adds {@code count} models named
 * {@code <prefix>-<i>} to the file, one locked update each.
 */
public final class ConcurrentStoreWriter {

    private ConcurrentStoreWriter() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        String prefix = args[1];
        int count = Integer.parseInt(args[2]);
        DuoConfigStore store = DuoConfigStore.of(file);
        for (int i = 0; i < count; i++) {
            String name = prefix + "-" + i;
            store.update(c -> c.toBuilder().model(model(name)).build());
        }
    }

    static SelfHostedModel model(String name) {
        return SelfHostedModel.builder().name(name).family(ModelFamily.MISTRAL)
                .identifier("fireworks_ai/accounts/fireworks/models/" + name).build();
    }
}
