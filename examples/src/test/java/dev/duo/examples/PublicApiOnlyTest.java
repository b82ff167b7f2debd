package dev.duo.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The examples (programs and the {@code duo} command line) and the testkit are written the way users
 * write code, so they stay on the public API: nothing in them reaches into duo-core's or a provider's
 * {@code internal} packages. (The testkit's own {@code internal} packages are its implementation.)
 */
class PublicApiOnlyTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.duo");

    @Test
    void examplesAndTheCommandLineUseOnlyThePublicApi() {
        noClasses().that().resideInAPackage("dev.duo.examples..")
                .should().dependOnClassesThat().resideInAPackage("..internal..")
                .because("the examples show what users may write")
                .check(CLASSES);
    }

    @Test
    void theTestkitUsesOnlyThePublicApiOfTheSdk() {
        noClasses().that().resideInAPackage("dev.duo.testkit..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.duo.internal..", "dev.duo.fireworks.internal..",
                        "dev.duo.bedrock.internal..")
                .because("the testkit is a product users test with; what it needs of the SDK, users may need too")
                .check(CLASSES);
    }
}
