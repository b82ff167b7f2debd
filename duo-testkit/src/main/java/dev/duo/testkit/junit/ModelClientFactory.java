package dev.duo.testkit.junit;

import dev.duo.Completion;
import dev.duo.ProviderNotFoundException;
import dev.duo.StreamHandle;
import dev.duo.StreamListener;
import dev.duo.model.Secret;
import dev.duo.model.SelfHostedModel;
import dev.duo.spi.Attempt;
import dev.duo.spi.ModelClient;
import dev.duo.spi.ModelProvider;
import dev.duo.spi.ModelRequest;
import dev.duo.spi.ProviderContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Makes the real {@link ModelClient} a {@code @DuoTest} records against when run with
 * {@code -Dduo.recording.mode=record}. Needs a no-argument constructor. Name the real model with
 * {@link #model()}: the test's client then stands in for it in both modes (its name, family, params
 * and timeouts), so the prompts recorded and replayed are the ones that model is sent, not those of
 * {@code @DuoTest}'s family. In replay mode no client is made ({@link #secrets()} is still read, so
 * requests carrying them still match).
 *
 * <pre>{@code
 * public class FireworksMixtral implements ModelClientFactory {
 *     static final SelfHostedModel MODEL = SelfHostedModel.builder().name("Mixtral 8x22b [Fireworks AI]")
 *             .family(ModelFamily.MIXTRAL)
 *             .identifier("fireworks_ai/accounts/fireworks/models/mixtral-8x22b-instruct")
 *             .apiKey(ApiKey.fromEnv("FIREWORKS_AI_API_KEY")).build();
 *     public Optional<SelfHostedModel> model() { return Optional.of(MODEL); }
 * }
 *
 * @DuoTest(recording = "{method}", recordWith = FireworksMixtral.class)
 * class CommitMessageServiceRecordedTest { ... }
 * }</pre>
 */
public interface ModelClientFactory {

    /**
     * The real model recorded against, if named: the test's client takes its family (which picks the
     * prompts), params and timeouts, and {@link #create()} calls it by default.
     */
    default Optional<SelfHostedModel> model() {
        return Optional.empty();
    }

    /**
     * The client that really answers; the extension closes it after the test. By default the real
     * client of {@link #model()}.
     */
    default ModelClient create() throws Exception {
        return realClient(model().orElseThrow(() -> new IllegalStateException(getClass().getName()
                + " names no model: override model() to return the real model, or create() to make its client")));
    }

    /** The model's name written into the recording (by default {@link #model()}'s). */
    default String modelName() {
        return model().map(SelfHostedModel::name).orElse("recorded-model");
    }

    /** Secrets to scrub from the recording besides the environment's and the patterns the redactor knows. */
    default List<Secret> secrets() {
        return List.of();
    }

    /**
     * A real client for {@code model} from the provider module on the classpath that serves its
     * platform, with its api key resolved from the environment. Closing it closes the provider too.
     *
     * @throws ProviderNotFoundException when no provider module serves the platform
     * @throws dev.duo.MissingCredentialsException when the key's variable is unset
     */
    static ModelClient realClient(SelfHostedModel model) {
        Map<String, String> env = System.getenv();
        for (ModelProvider p : ServiceLoader.load(ModelProvider.class, ModelClientFactory.class.getClassLoader())) {
            if (!p.platforms().contains(model.platform())) {
                p.close();
                continue;
            }
            Secret key = model.apiKey().map(k -> k.resolve(env)).orElse(null);
            ModelClient client = p.createClient(ProviderContext.builder(model).apiKey(key).environment(env).build());
            return new ModelClient() {
                @Override
                public Completion complete(ModelRequest request, Attempt attempt) {
                    return client.complete(request, attempt);
                }

                @Override
                public java.util.concurrent.CompletableFuture<Completion> completeAsync(ModelRequest request, Attempt attempt) {
                    return client.completeAsync(request, attempt);
                }

                @Override
                public StreamHandle stream(ModelRequest request, Attempt attempt, StreamListener listener) {
                    return client.stream(request, attempt, listener);
                }

                @Override
                public void close() {
                    try {
                        client.close();
                    } finally {
                        p.close();
                    }
                }
            };
        }
        throw new ProviderNotFoundException("no provider module on the classpath serves platform '" + model.platform()
                + "' (model '" + model.name() + "'): add duo-fireworks or duo-bedrock as a test dependency");
    }
}
