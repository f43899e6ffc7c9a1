package dev.vireo.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The app's layering: screens on top, the CLI and connection bookkeeping without JavaFX. */
class ArchitectureTest {

    private final JavaClasses app = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.vireo.app");

    @Test
    void theCliAndConnectionBookkeepingRunWithoutJavaFx() {
        noClasses().that().resideInAnyPackage("dev.vireo.app.cli..", "dev.vireo.app.connections..", "dev.vireo.app.newvm",
                "dev.vireo.app.tunnel..", "dev.vireo.app.gpu")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..")
                .because("the CLI must run without a screen, connection state is shared by views, and the new-VM"
                        + " model serves both the wizard (newvm.wizard) and `vireo create`")
                .check(app);
    }

    @Test
    void sharedWidgetsDoNotDependOnFeatures() {
        noClasses().that().resideInAPackage("dev.vireo.app.common..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.vireo.app.vmlist..",
                        "dev.vireo.app.connections..", "dev.vireo.app.prefs..", "dev.vireo.app.cli..")
                .check(app);
    }

    @Test
    void onlyTheCliWritesToTheConsole() {
        noClasses().that().resideOutsideOfPackage("dev.vireo.app.cli..")
                .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .because("everything else logs through SLF4J")
                .check(app);
    }

    @Test
    void viewsDoNotCallLibvirtDirectly() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.libvirt..", "com.sun.jna..",
                "dev.vireo.bridge.internal..")
                .because("every libvirt call goes through the bridge, on a connection's own thread")
                .check(app);
    }
}
