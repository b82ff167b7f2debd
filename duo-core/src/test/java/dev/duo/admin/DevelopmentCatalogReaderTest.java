package dev.duo.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The catalog is read without Jackson's data binding (for start-up time): the same models as the strict binding gives. */
class DevelopmentCatalogReaderTest {

    @Test
    void theLightReaderGivesTheSameModelsAsJackson() {
        assertThat(DevelopmentCatalog.models()).hasSize(14).isEqualTo(DevelopmentCatalog.modelsThroughJackson());
    }
}
