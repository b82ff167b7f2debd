package dev.duo.store.jdbc;

import dev.duo.arch.ApiWall;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** duo-store-jdbc's public packages name no internal type, and its internals stay inside the SDK. */
class ApiWallTest {

    @Test
    void theWallHolds() {
        ApiWall.check(Path.of("target/classes"));
    }
}
