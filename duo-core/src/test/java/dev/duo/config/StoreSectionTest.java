package dev.duo.config;

import dev.duo.admin.DuoConfigStore;
import dev.duo.admin.DuoConfigLoader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duo.DuoClient;
import dev.duo.InvalidConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** duo.yml's store: section: what it accepts, what it refuses, and the message of each refusal. */
class StoreSectionTest {

    @TempDir
    Path dir;

    private DuoConfig load(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("duo.yml"), yaml);
        return DuoConfigLoader.load(file, Map.of(), dir);
    }

    @Test
    void aStoreSectionIsReadWithItsPasswordReferenceAndPollInterval() throws Exception {
        DuoConfig c = load("store: { url: \"jdbc:postgresql://db:5432/duo\", user: duo, password: \"${DUO_DB_PASSWORD}\", "
                + "poll_interval: 2s }\nprompts: { directories: [ ./prompts ] }\n");
        StoreSettings s = c.store().orElseThrow();
        assertThat(s.url()).isEqualTo("jdbc:postgresql://db:5432/duo");
        assertThat(s.user()).contains("duo");
        assertThat(s.password().orElseThrow().reference()).isEqualTo("${DUO_DB_PASSWORD}");
        assertThat(s.pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(StoreSettings.of("jdbc:postgresql://db/duo", null, null).pollInterval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aUrlWithAPasswordParameterIsRefused() {
        assertThatThrownBy(() -> load("store: { url: \"jdbc:postgresql://db:5432/duo?user=duo&password=hunter2\" }\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage(dir.resolve("duo.yml") + ", store.url jdbc:postgresql://db:5432/duo?... carries a password: remove "
                        + "it from the URL and write password: \"${DUO_DB_PASSWORD}\" beside it (export DUO_DB_PASSWORD in "
                        + "each process)")
                .message().doesNotContain("hunter2");
    }

    @Test
    void aUrlWithAPasswordInItsUserInfoIsRefused() {
        assertThatThrownBy(() -> StoreSettings.of("jdbc:postgresql://duo:hunter2@db:5432/duo", null, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("store.url jdbc:postgresql://<credentials>@db:5432/duo carries a password: remove it from the URL "
                        + "and write password: \"${DUO_DB_PASSWORD}\" beside it (export DUO_DB_PASSWORD in each process)");
    }

    @Test
    void aLiteralPasswordIsRefused() {
        assertThatThrownBy(() -> load("store: { url: \"jdbc:postgresql://db/duo\", password: hunter2 }\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage(dir.resolve("duo.yml") + ", store.password holds a literal password: write a reference such as "
                        + "password: \"${DUO_DB_PASSWORD}\" and export DUO_DB_PASSWORD in each process")
                .message().doesNotContain("hunter2");
    }

    @Test
    void aMissingUrlIsRefused() {
        assertThatThrownBy(() -> load("store: { user: duo }\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageEndingWith("store.url is missing: write store: { url: \"jdbc:postgresql://<host>:5432/<db>\", "
                        + "user: <user>, password: \"${DUO_DB_PASSWORD}\" }");
    }

    @Test
    void aFileThatListsModelsOrFeaturesBesideAStoreIsRefused() {
        assertThatThrownBy(() -> load("""
                store: { url: "jdbc:postgresql://db/duo" }
                beta_models_enabled: true
                models:
                  - { name: M, family: mistral, identifier: fireworks_ai/x }
                features:
                  duo_chat: { provider: disabled }
                """))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage(dir.resolve("duo.yml") + " names a store (jdbc:postgresql://db/duo) and also lists 'models:', "
                        + "'features:', 'beta_models_enabled:': with a store, the store holds the models, the feature settings "
                        + "and the beta opt-in. Remove them from the file and set them in the store with 'duo models seed', "
                        + "'duo models add', 'duo features assign' and 'duo settings beta on'");
    }

    @Test
    void aStoreWithoutTheStoreModuleOnTheClassPathNamesTheModule() throws Exception {
        Path file = Files.writeString(dir.resolve("duo.yml"), "store: { url: \"jdbc:postgresql://db/duo\" }\n");
        assertThatThrownBy(() -> DuoClient.builder().configFile(file).environment(Map.of()).build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("The configuration names the settings store jdbc:postgresql://db/duo, but no settings store module "
                        + "on the class path serves it: add the dependency dev.duo:duo-store-jdbc (with the PostgreSQL driver "
                        + "it brings), or remove 'store:' from duo.yml");
    }

    @Test
    void aWriteOfAStoreNamingFileKeepsTheStoreAndNeverListsModels() throws Exception {
        Path file = Files.writeString(dir.resolve("duo.yml"), "store: { url: \"jdbc:postgresql://db/duo\", user: duo, "
                + "password: \"${DUO_DB_PASSWORD}\" }\n");
        DuoConfigStore.of(file).update(c -> c.toBuilder().customEndpointAllowlist(java.util.List.of("https://x")).build());
        assertThat(Files.readString(file)).contains("store:").contains("${DUO_DB_PASSWORD}").doesNotContainPattern("(?m)^models:")
                .doesNotContainPattern("(?m)^features:").doesNotContain("beta_models_enabled");
        assertThat(DuoConfigLoader.load(file, Map.of(), dir).store()).isPresent();
    }
}
