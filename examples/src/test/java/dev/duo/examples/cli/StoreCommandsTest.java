package dev.duo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duo.config.SettingsStores;
import dev.duo.admin.DevelopmentCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every settings command, unchanged, against the PostgreSQL store a duo.yml names. */
class StoreCommandsTest {

    private static final String MIXTRAL = "Mixtral 8x22b [Fireworks AI]";

    @TempDir
    Path dir;

    private StoreDatabase db;
    private String fileText;

    @BeforeEach
    void database() throws Exception {
        db = StoreDatabase.create();
        fileText = db.storeYaml(db.url);
        Files.writeString(dir.resolve("duo.yml"), fileText);
    }

    @AfterEach
    void drop() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    private Cli.Result duo(String... args) {
        Cli cli = new Cli(dir);
        db.environment().forEach(cli::env);
        return cli.run(args);
    }

    private dev.duo.config.DuoConfig stored() {
        return SettingsStores.load(dir.resolve("duo.yml"), db.environment(), dir);
    }

    @Test
    void seedAssignApplyBetaAndCleanUpWorkAgainstTheStore() throws Exception {
        int size = DevelopmentCatalog.models().size();
        Cli.Result seed = duo("models", "seed");
        assertThat(seed.code()).as(seed.toString()).isZero();
        assertThat(seed.out()).contains("Added " + size + " models:");
        assertThat(seed.err()).contains("Saved to the settings store " + db.url);
        assertThat(Files.readString(dir.resolve("duo.yml"))).isEqualTo(fileText);
        assertThat(duo("models", "seed").out()).contains("Nothing to add: all " + size
                + " models of the development catalog are already in the settings store " + db.url + ".");

        Cli.Result assign = duo("features", "assign", "code_generation", "--model", MIXTRAL);
        assertThat(assign.code()).as(assign.toString()).isZero();
        assertThat(assign.out()).contains("Code Generation (code_generations) is now served by " + MIXTRAL + ".");
        Cli.Result apply = duo("features", "apply-to-category", "code_generations");
        assertThat(apply.code()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("Set code_completions to " + MIXTRAL);
        assertThat(stored().features()).containsOnlyKeys("code_generations", "code_completions");

        Cli.Result beta = duo("settings", "beta", "on");
        assertThat(beta.code()).as(beta.toString()).isZero();
        assertThat(stored().betaModelsEnabled()).isTrue();

        JsonNode models = new ObjectMapper().readTree(duo("models", "list", "--json").out());
        assertThat(models).hasSize(size);
        JsonNode mixtral = List.copyOf(iterable(models)).stream().filter(m -> m.get("name").asText().equals(MIXTRAL))
                .findFirst().orElseThrow();
        assertThat(mixtral.get("api_key").asText()).isEqualTo("${FIREWORKS_AI_API_KEY}");
        assertThat(mixtral.get("used_by")).hasSize(2);
        assertThat(duo("features", "list").out()).contains(MIXTRAL);

        Cli.Result remove = duo("models", "remove", MIXTRAL);
        assertThat(remove.code()).isEqualTo(1);
        assertThat(remove.err()).contains("Model '" + MIXTRAL + "' is used by code_generations, code_completions: assign "
                + "them another model");

        Cli.Result clean = duo("models", "clean-up", "--yes");
        assertThat(clean.code()).as(clean.toString()).isZero();
        assertThat(clean.out()).contains("Removed " + size + " models and 2 feature settings.");
        assertThat(stored().models().size()).isZero();
        assertThat(stored().features()).isEmpty();
    }

    @Test
    void twoCommandsSeedingAtOnceAddTheCatalogOnce() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Cli.Result> one = CompletableFuture.supplyAsync(() -> await(go, "models", "seed"));
        CompletableFuture<Cli.Result> two = CompletableFuture.supplyAsync(() -> await(go, "models", "seed"));
        go.countDown();
        List<Cli.Result> results = List.of(one.get(120, TimeUnit.SECONDS), two.get(120, TimeUnit.SECONDS));
        assertThat(results).allSatisfy(r -> assertThat(r.code()).as(r.toString()).isZero());
        assertThat(results).extracting(Cli.Result::out).anySatisfy(o -> assertThat(o).contains("Added "
                + DevelopmentCatalog.models().size() + " models:"));
        assertThat(results).extracting(Cli.Result::out).anySatisfy(o -> assertThat(o).contains("Nothing to add"));
        assertThat(stored().models().size()).isEqualTo(DevelopmentCatalog.models().size());
    }

    @Test
    void aFileThatListsModelsBesideTheStoreIsAnErrorThatSaysSo() throws Exception {
        Files.writeString(dir.resolve("duo.yml"), fileText + "models: []\n");
        Cli.Result r = duo("models", "list");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("names a store (" + db.url + ") and also lists 'models:': with a store, the store "
                + "holds the models, the feature settings and the beta opt-in. Remove it from the file");
    }

    private Cli.Result await(CountDownLatch go, String... args) {
        try {
            go.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return duo(args);
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
