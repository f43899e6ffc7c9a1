package dev.vireo.bridge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The bridge is a library under the app: no JavaFX, no app code, no console output. */
class ArchitectureTest {

    private final JavaClasses bridge = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.vireo.bridge");

    @Test
    void hasNoJavaFx() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("javafx..", "com.sun.javafx..")
                .because("libvirt-bridge must run without a screen (CLI, tests, future daemons)")
                .check(bridge);
    }

    @Test
    void doesNotKnowTheApp() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.vireo.app..").check(bridge);
    }

    @Test
    void modelAndObservablesDoNotCallLibvirt() {
        noClasses().that().resideInAnyPackage("dev.vireo.bridge.model..", "dev.vireo.bridge.observe..")
                .should().dependOnClassesThat().resideInAnyPackage("org.libvirt..", "com.sun.jna..")
                .because("records and observables are plain data, usable and testable without libvirt")
                .check(bridge);
    }

    @Test
    void logsThroughSlf4jNotTheConsole() {
        noClasses().should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .check(bridge);
    }
}
