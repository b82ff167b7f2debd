package dev.duo.eval;

import dev.duo.DuoClient;
import dev.duo.config.DuoConfig;
import dev.duo.model.ApiKey;
import dev.duo.model.ModelFamily;
import dev.duo.model.SelfHostedModel;
import dev.duo.call.RetryPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A configuration of two subject models and a judge, all served by one scripted client. */
final class EvalFixture {

    static final String FEATURE = "duo_chat_explain_code";
    static final String MIXTRAL = "Mixtral [test]";
    static final String MISTRAL = "Mistral [test]";
    static final String JUDGE = "Judge [test]";
    static final String SECRET = "sk-live-0123456789abcdef";

    private EvalFixture() {
    }

    static DuoConfig config() {
        return DuoConfig.builder()
                .model(model(MIXTRAL, ModelFamily.MIXTRAL))
                .model(model(MISTRAL, ModelFamily.MISTRAL))
                .model(model(JUDGE, ModelFamily.CLAUDE_3))
                .build();
    }

    private static SelfHostedModel model(String name, ModelFamily family) {
        return SelfHostedModel.builder().name(name).family(family)
                .identifier("custom_openai/" + name.toLowerCase().replaceAll("[^a-z]+", "-"))
                .endpoint(URI.create("http://127.0.0.1:9/v1")).allowInsecureEndpoint(true)
                .apiKey(ApiKey.literal(SECRET)).build();
    }

    static DuoClient client(ScriptedModelClient fake) {
        return DuoClient.builder().config(config()).modelClient(fake).retryPolicy(RetryPolicy.NONE).build();
    }

    /** A dataset whose cases carry the rating the judge will give: {@code quality=N}. */
    static Path dataset(Path dir, String... qualities) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < qualities.length; i++) {
            lines.add("{\"id\": \"case-" + (i + 1) + "\", \"inputs\": {\"selected_text\": \"case " + (i + 1) + " quality=" + qualities[i]
                    + " <script>alert(1)</script>\"}, \"reference\": \"ref " + i + "\", \"tags\": [\"t\"]}");
        }
        try {
            Path f = dir.resolve("cases.jsonl");
            Files.write(f, lines);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
