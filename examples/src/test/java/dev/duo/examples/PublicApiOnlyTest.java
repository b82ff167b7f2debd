package dev.duo.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The example programs show the public API, so they must not reach into internal packages. */
class PublicApiOnlyTest {

    @Test
    void examplesUseOnlyThePublicApi() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.duo.examples");
        noClasses().that().resideInAPackage("dev.duo.examples")
                .should().dependOnClassesThat().resideInAPackage("..internal..")
                .because("the examples show what users may write")
                .check(classes);
    }
}
