package dev.vireo.spice;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The viewer bridge is a library under the app: no JavaFX, no libvirt, no app code. */
class ArchitectureTest {

    private final JavaClasses spice = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.vireo.spice");

    @Test
    void hasNoJavaFxLibvirtOrApp() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("javafx..", "com.sun.javafx..", "org.libvirt..",
                        "dev.vireo.app..", "dev.vireo.bridge..")
                .because("the bridge process runs spice-client-glib on a GLib loop of its own, with no screen")
                .check(spice);
    }

    @Test
    void theAppSideDoesNotLoadSpiceClientGlib() {
        noClasses().that().resideInAPackage("dev.vireo.spice")
                .should().dependOnClassesThat().resideInAnyPackage("dev.vireo.spice.glib..", "dev.vireo.spice.bridge..")
                .because("the app's JVM must never run SPICE on JavaFX's GLib context: only the bridge process loads it")
                .check(spice);
    }
}
