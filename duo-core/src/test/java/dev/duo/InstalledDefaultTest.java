package dev.duo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duo.config.DuoConfig;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** {@link DuoClient#installDefault}: what a framework (the Spring Boot starter) uses to own the default. */
class InstalledDefaultTest {

    private static DuoClient client() {
        return DuoClient.builder().config(DuoConfig.empty()).environment(Map.of()).build();
    }

    @Test
    @SuppressWarnings("try")
    void anInstalledClientServesEveryThreadAndAScopedOverrideStillWins() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();   // a thread that existed before
        try (DuoClient installed = client(); DuoClient test = client()) {
            pool.submit(() -> { }).get();
            try (DuoClient.DefaultOverride i = DuoClient.installDefault(installed)) {
                assertThat(DefaultDuoClient.current()).isSameAs(installed);
                assertThat(CompletableFuture.supplyAsync(DefaultDuoClient::current, pool).get()).isSameAs(installed);
                try (DuoClient.DefaultOverride o = DuoClient.overrideDefault(test)) {
                    assertThat(DefaultDuoClient.current()).isSameAs(test);
                }
                assertThat(DefaultDuoClient.current()).isSameAs(installed);
            }
            assertThat(DefaultDuoClient.current()).isNotSameAs(installed);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closingTheInstalledClientUninstallsIt() {
        DuoClient installed = client();
        DuoClient.DefaultOverride handle = DuoClient.installDefault(installed);
        installed.close();
        assertThat(DefaultDuoClient.current()).isNotSameAs(installed);
        handle.close();   // harmless afterwards
    }

    @Test
    @SuppressWarnings("try")
    void closingAnOlderHandleDoesNotRemoveANewerInstall() {
        try (DuoClient first = client(); DuoClient second = client()) {
            DuoClient.DefaultOverride h1 = DuoClient.installDefault(first);
            try (DuoClient.DefaultOverride h2 = DuoClient.installDefault(second)) {
                h1.close();
                assertThat(DefaultDuoClient.current()).isSameAs(second);
            }
        }
    }
}
