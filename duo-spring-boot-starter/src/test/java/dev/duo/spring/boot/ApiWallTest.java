package dev.duo.spring.boot;

import dev.duo.arch.ApiWall;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** duo-spring-boot-starter's public packages name no internal type, and its internals stay inside the SDK. */
class ApiWallTest {

    @Test
    void theWallHolds() {
        ApiWall.check(Path.of("target/classes"));
    }
}
