package dev.vireo.app.newvm.wizard;

import static dev.vireo.app.testing.FxTesting.onFx;
import static dev.vireo.app.testing.FxTesting.runFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.app.AppContext;
import dev.vireo.app.XdgDirs;
import dev.vireo.app.testing.FxWatchdog;
import dev.vireo.app.testing.Screenshots;
import dev.vireo.app.vmlist.ManagerWindow;
import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.model.DomainState;
import dev.vireo.bridge.model.GpuReadiness;
import dev.vireo.bridge.model.HostInventory;
import dev.vireo.bridge.testing.Eventually;
import dev.vireo.bridge.testing.TestHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The new-VM wizard walked end to end on the project's provisioning.xml test host (8 GiB of
 * memory, a pool with 6 GiB free, a VM named "taken"): each page says why "Next" is disabled
 * while a choice cannot work, the VM is created and appears running in the manager, and a
 * failure midway keeps every choice and leaves no volume behind. On the gpus.xml host, a graphics
 * card is passed through to the new VM. The FX watchdog is armed throughout.
 */
@ExtendWith(ApplicationExtension.class)
class NewVmWizardUiTest {

    private static final String HOST = "Test host (provisioning.xml)";
    private static final String GPUS = "Test host (gpus.xml)";

    @TempDir
    static Path home;

    private AppContext context;
    private ManagerWindow window;
    private Stage stage;
    private FxWatchdog watchdog;

    @Start
    void start(Stage primary) throws Exception {
        stage = new Stage();
        Path dir = Files.createTempDirectory(home, "xdg");
        context = new AppContext(new XdgDirs(dir.resolve("config"), dir.resolve("state"), dir.resolve("cache")));
        window = new ManagerWindow(stage, context);
        window.show();
        window.connect(TestHosts.uri("provisioning.xml"));
    }

    @AfterEach
    void tearDown() {
        if (watchdog != null) {
            watchdog.close();
        }
        runFx(() -> {
            List.copyOf(javafx.stage.Window.getWindows()).forEach(w -> {
                if (w instanceof Stage s && s != stage) {
                    s.close();
                }
            });
            stage.hide();
        });
        context.close();
    }

    @Test
    void everyPageSaysWhatIsMissingAndTheVmIsCreatedAndRuns(FxRobot robot) {
        Eventually.until("the test host listed", () -> onFx(() -> window.vmNames(HOST).contains("taken")));
        warmUp(robot);
        watchdog = new FxWatchdog(100);

        robot.clickOn("#tool-bar").press(KeyCode.CONTROL).press(KeyCode.N).release(KeyCode.N).release(KeyCode.CONTROL);
        Eventually.until("the wizard", () -> !robot.lookup("#new-vm-wizard").queryAll().isEmpty());
        awaitFirstPage(robot);
        assertThat(disabled(robot, "#wizard-next")).isTrue();
        Screenshots.window("New Virtual Machine", "wizard-1-source");

        // page 1: the ISO is a volume of the host
        selectVolume(robot, "#wizard-iso", "installer.iso");
        Eventually.until("Next enabled", () -> !disabled(robot, "#wizard-next"), () -> problem(robot));
        next(robot);

        // page 2: the OS from the database, then too much memory and UEFI are refused
        robot.clickOn("#wizard-os-search").write("debian 11");
        Eventually.until("Debian 11 found", () -> onFx(() -> osList(robot).getItems().stream()
                .anyMatch(o -> o.toString().contains("debian11"))));
        runFx(() -> osList(robot).getSelectionModel().select(osList(robot).getItems().stream()
                .filter(o -> o.toString().contains("debian11")).findFirst().orElseThrow()));
        typeInto(robot, "#wizard-memory", "9000");
        Eventually.until("too much memory refused",
                () -> problem(robot).equals("9000 MiB of memory is more than " + HOST + " has (8 GiB)."), () -> problem(robot));
        assertThat(disabled(robot, "#wizard-next")).isTrue();
        typeInto(robot, "#wizard-memory", "512");
        robot.clickOn("#wizard-uefi");
        Eventually.until("UEFI refused", () -> problem(robot).startsWith(HOST + " has no UEFI firmware that libvirt reports:"),
                () -> problem(robot));
        Screenshots.window("New Virtual Machine", "wizard-2-os-uefi-refused");
        robot.clickOn("#wizard-bios");
        Eventually.until("Next enabled", () -> !disabled(robot, "#wizard-next"), () -> problem(robot));
        next(robot);

        // page 3: the small pool has 6 GiB free
        runFx(() -> {
            @SuppressWarnings("unchecked")
            ComboBox<HostInventory.Pool> pools = robot.lookup("#wizard-pool").queryAs(ComboBox.class);
            pools.setValue(pools.getItems().stream().filter(p -> p.name().equals("small")).findFirst().orElseThrow());
        });
        typeInto(robot, "#wizard-disk-size", "20");
        Eventually.until("the full pool refused",
                () -> problem(robot).equals("The pool “small” has 6 GiB free: a 20 GiB disk does not fit."), () -> problem(robot));
        Screenshots.window("New Virtual Machine", "wizard-3-storage-refused");
        typeInto(robot, "#wizard-disk-size", "4");
        Eventually.until("Next enabled", () -> !disabled(robot, "#wizard-next"), () -> problem(robot));
        next(robot);

        // page 4: an isolated network, two monitors, every interface with a generated password
        runFx(() -> {
            @SuppressWarnings("unchecked")
            ComboBox<WizardModel.NetChoice> nets = robot.lookup("#wizard-network").queryAs(ComboBox.class);
            nets.setValue(nets.getItems().stream().filter(n -> "isolated".equals(n.name())).findFirst().orElseThrow());
        });
        typeInto(robot, "#wizard-heads", "2");
        robot.clickOn("#wizard-listen-all");
        String password = onFx(() -> robot.lookup("#wizard-password-generated").queryAs(TextField.class).getText());
        assertThat(password).matches("[a-km-zA-HJ-NP-Z2-9]{12}");
        Eventually.until("who can reach the console", () -> onFx(() -> robot.lookup("#wizard-reach").queryAs(Label.class)
                .getText()).contains("The host's firewall must allow TCP ports 5900 and up."));
        Screenshots.window("New Virtual Machine", "wizard-4-network-display");
        next(robot);

        // page 5: no graphics card by default (this host has none that could be passed through)
        assertThat(onFx(() -> robot.lookup("#wizard-gpu-none").queryAs(RadioButton.class).isSelected())).isTrue();
        Eventually.until("Next enabled", () -> !disabled(robot, "#wizard-next"), () -> problem(robot));
        next(robot);

        // page 5: a taken name is refused; a broken XML is refused; then it is created
        assertThat(onFx(() -> robot.lookup("#wizard-name").queryAs(TextField.class).getText())).isEqualTo("debian11");
        replaceText(robot, "#wizard-name", "taken");
        Eventually.until("the taken name refused", () -> problem(robot).equals(
                "The name “taken” is taken: " + HOST + " already has a virtual machine of that name."), () -> problem(robot));
        assertThat(disabled(robot, "#wizard-create")).isTrue();
        String name = "lab \"01\" & <ü>";
        replaceText(robot, "#wizard-name", name);
        Eventually.until("Create enabled", () -> !disabled(robot, "#wizard-create"), () -> problem(robot));
        String xml = onFx(() -> robot.lookup("#wizard-xml").queryAs(TextArea.class).getText());
        assertThat(xml).contains("<name>lab \"01\" &amp; &lt;ü&gt;</name>").contains("heads=\"2\"")
                .contains("address=\"0.0.0.0\"").contains("passwd=\"" + password + "\"")
                .contains("<source file=\"/srv/small/lab-01-ü.qcow2\"/>").contains("<source network=\"isolated\"/>");
        assertThat(onFx(() -> robot.lookup("#wizard-summary-reach").queryAs(Label.class).getText()))
                .contains("with the password");
        robot.clickOn("#wizard-customize");
        runFx(() -> robot.lookup("#wizard-xml").queryAs(TextArea.class).appendText("<oops"));
        Eventually.until("broken XML refused", () -> problem(robot).startsWith("The XML is not well-formed"), () -> problem(robot));
        robot.clickOn("#wizard-customize");
        Eventually.until("Create enabled", () -> !disabled(robot, "#wizard-create"), () -> problem(robot));
        Screenshots.window("New Virtual Machine", "wizard-6-summary");
        robot.clickOn("#wizard-create");

        Eventually.until("the wizard closed", () -> robot.lookup("#new-vm-wizard").queryAll().isEmpty());
        Eventually.until(name + " listed", () -> onFx(() -> window.vmNames(HOST).contains(name)),
                () -> onFx(() -> window.vmNames(HOST).toString()));
        HostConnection c = connection();
        var vm = c.domains().snapshot().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
        assertThat(vm.state()).isEqualTo(DomainState.RUNNING);
        assertThat(vm.description().memoryMiB()).isEqualTo(512);
        assertThat(c.provisioning().inventory().join().volume("/srv/small/lab-01-ü.qcow2")).isPresent();
        assertThat(watchdog.stalls()).as("FX thread stalls over 100 ms").isEmpty();
    }

    @Test
    void aFailureMidwayKeepsEveryChoiceAndLeavesNoVolume(FxRobot robot) {
        Eventually.until("the test host listed", () -> onFx(() -> window.vmNames(HOST).contains("taken")));
        runFx(() -> window.openNewVmWizard());
        awaitFirstPage(robot);
        robot.clickOn("#wizard-source-pxe");
        for (int i = 0; i < 5; i++) {
            Eventually.until("Next enabled", () -> !disabled(robot, "#wizard-next"), () -> problem(robot));
            next(robot);
        }
        replaceText(robot, "#wizard-name", "half-made");
        robot.clickOn("#wizard-customize");
        // well-formed, but libvirt's schema refuses it: the disk exists by the time it is defined
        runFx(() -> robot.lookup("#wizard-xml").queryAs(TextArea.class)
                .setText("<domain type='test'><name>half-made</name><vcpu>many</vcpu></domain>"));
        Eventually.until("Create enabled", () -> !disabled(robot, "#wizard-create"), () -> problem(robot));
        robot.clickOn("#wizard-create");

        Eventually.until("the error shown", Duration.ofSeconds(10), () -> !robot.lookup("#error-dialog").queryAll().isEmpty(),
                () -> problem(robot));
        String shown = onFx(() -> robot.lookup("#error-dialog").queryAs(javafx.scene.control.DialogPane.class).getHeaderText());
        assertThat(shown).startsWith("Could not define “half-made”").endsWith("Nothing was left behind.");
        Screenshots.window("Vireo", "wizard-error");
        robot.clickOn("OK");
        assertThat(onFx(() -> robot.lookup("#wizard-name").queryAs(TextField.class).getText())).isEqualTo("half-made");
        assertThat(onFx(() -> robot.lookup("#wizard-xml").queryAs(TextArea.class).getText())).contains("<vcpu>many</vcpu>");
        HostInventory after = connection().provisioning().inventory().join();
        assertThat(after.volume("/var/lib/libvirt/images/half-made.qcow2")).isEmpty();
        assertThat(after.domainNames()).containsExactly("taken");
    }

    @Test
    void aGraphicsCardIsPassedThroughToTheNewVm(FxRobot robot) {
        runFx(() -> window.connect(TestHosts.uri("gpus.xml")));
        Eventually.until("the test hosts listed", () -> onFx(() -> window.vmNames(HOST).contains("taken")
                && window.vmNames(GPUS).contains("cad-ws")));
        warmUp(robot);

        runFx(() -> window.openNewVmWizard());
        awaitFirstPage(robot);
        runFx(() -> {
            @SuppressWarnings("unchecked")
            ComboBox<SourcePage.HostChoice> hosts = robot.lookup("#wizard-host").queryAs(ComboBox.class);
            hosts.setValue(hosts.getItems().stream().filter(h -> h.name().equals(GPUS)).findFirst().orElseThrow());
        });
        robot.clickOn("#wizard-source-kernel");
        typeInto(robot, "#wizard-kernel", "/var/lib/libvirt/boot/vmlinuz");
        Eventually.until("Next enabled", () -> !disabled(robot, "#wizard-next"), () -> problem(robot));
        next(robot); // OS and resources: the defaults
        Eventually.until("Next enabled", () -> !disabled(robot, "#wizard-next"), () -> problem(robot));
        next(robot);
        robot.clickOn("#wizard-disk-none"); // gpus.xml has no storage pool
        Eventually.until("Next enabled", () -> !disabled(robot, "#wizard-next"), () -> problem(robot));
        next(robot); // network and display: none (no networks), SPICE kept
        Eventually.until("Next enabled", () -> !disabled(robot, "#wizard-next"), () -> problem(robot));
        // the pages before are watched in the first walk; from here on, the graphics card page and creating
        watchdog = new FxWatchdog(100);
        next(robot);

        // page 5: the host's six cards; the Quadro with its audio, the hypervisor hidden, q35 and UEFI
        Eventually.until("the cards read", () -> onFx(() -> cards(robot).getItems().size() == 6), () -> problem(robot));
        assertThat(onFx(() -> robot.lookup("#wizard-gpu-none").queryAs(RadioButton.class).isSelected())).isTrue();
        assertThat(disabled(robot, "#wizard-next")).isFalse();
        robot.clickOn("#wizard-gpu-pass");
        robot.clickOn("0000:05:00.0  GF100GL [Quadro 6000]");
        assertThat(checked(robot, "#wizard-gpu-functions")).isTrue();
        assertThat(checked(robot, "#wizard-gpu-rom-bar")).isTrue();
        assertThat(checked(robot, "#wizard-gpu-managed")).isTrue();
        assertThat(checked(robot, "#wizard-gpu-hide")).isTrue();
        assertThat(checked(robot, "#wizard-gpu-q35-uefi")).isTrue();
        assertThat(onFx(() -> robot.lookup("#wizard-gpu-check-in-use").queryAs(Label.class).getText()))
                .isEqualTo("In use: Passed through to cad-ws: one running VM at a time can have it.");
        // the test driver has no OVMF: the UEFI the card wants is refused here, where it was set
        Eventually.until("UEFI refused", () -> problem(robot).startsWith(GPUS + " has no UEFI firmware that libvirt reports:"),
                () -> problem(robot));
        Screenshots.window("New Virtual Machine", "wizard-5-graphics-card");

        robot.clickOn("0000:01:00.0  GP107 [GeForce GTX 1050]");
        Eventually.until("the shared group refused", () -> problem(robot).equals("The card's IOMMU group 1 also holds"
                + " 0000:03:00.0: all of a group goes to one VM. Move the card to a slot wired to the CPU."), () -> problem(robot));
        assertThat(disabled(robot, "#wizard-next")).isTrue();
        robot.clickOn("0000:05:00.0  GF100GL [Quadro 6000]");
        robot.clickOn("#wizard-gpu-q35-uefi"); // BIOS, as page 2 had it
        Eventually.until("Next enabled", () -> !disabled(robot, "#wizard-next"), () -> problem(robot));
        next(robot);

        // page 6: the card in the summary and the XML; then created
        replaceText(robot, "#wizard-name", "cad-02");
        Eventually.until("Create enabled", () -> !disabled(robot, "#wizard-create"), () -> problem(robot));
        assertThat(onFx(() -> robot.lookup("#wizard-summary-gpu").queryAs(Label.class).getText())).isEqualTo(
                "0000:05:00.0 GF100GL [Quadro 6000] with 0000:05:00.1, ROM BAR, detached by libvirt, hypervisor hidden");
        assertThat(onFx(() -> robot.lookup("#wizard-warnings").queryAs(javafx.scene.layout.VBox.class).getChildren().stream()
                .map(n -> ((Label) n).getText()).toList())).contains(
                        "⚠ The card is also given to cad-ws: only one of them can run at a time.",
                        "⚠ The VM boots with BIOS: most cards of the last decade want UEFI (OVMF).");
        String xml = onFx(() -> robot.lookup("#wizard-xml").queryAs(TextArea.class).getText());
        assertThat(xml).contains("<address bus=\"0x05\" domain=\"0x0000\" function=\"0x0\" slot=\"0x00\"/>")
                .contains("<address bus=\"0x05\" domain=\"0x0000\" function=\"0x1\" slot=\"0x00\"/>")
                .contains("<hidden state=\"on\"/>").contains("<graphics autoport=\"yes\"");
        robot.clickOn("#wizard-create");

        Eventually.until("the wizard closed", () -> robot.lookup("#new-vm-wizard").queryAll().isEmpty(), () -> problem(robot));
        Eventually.until("cad-02 listed", () -> onFx(() -> window.vmNames(GPUS).contains("cad-02")));
        HostConnection c = connection("gpus.xml");
        var vm = c.domains().snapshot().stream().filter(v -> v.name().equals("cad-02")).findFirst().orElseThrow();
        assertThat(c.operations().inactiveDefinition(vm).join())
                .contains("<address domain='0x0000' bus='0x05' slot='0x00' function='0x0'/>")
                .contains("<address domain='0x0000' bus='0x05' slot='0x00' function='0x1'/>")
                .contains("<hidden state='on'/>").contains("<model type='qxl'");
        assertThat(c.gpus().inventory().join().gpus().stream().filter(g -> g.device().address().equals("0000:05:00.0"))
                .findFirst().orElseThrow().usedBy()).containsExactly("cad-ws", "cad-02");
        assertThat(watchdog.stalls()).as("FX thread stalls over 100 ms").isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static TableView<GpuReadiness.CardChecks> cards(FxRobot robot) {
        return robot.lookup("#wizard-gpu-cards").queryAs(TableView.class);
    }

    private static boolean checked(FxRobot robot, String id) {
        return onFx(() -> robot.lookup(id).queryAs(CheckBox.class).isSelected());
    }

    /** Next, and until the new page has all its sections (they come a frame each). */
    private static void next(FxRobot robot) {
        robot.clickOn("#wizard-next");
        Eventually.until("the page complete", () -> onFx(() -> javafx.stage.Window.getWindows().stream()
                .filter(w -> w.getScene() != null && w.getScene().getRoot().getId() != null
                        && w.getScene().getRoot().getId().equals("new-vm-wizard"))
                .allMatch(w -> ((NewVmWizard) w.getScene().getRoot().getProperties().get(NewVmWizard.class)).pageComplete())));
    }

    /** Until the host is read and the first page shown (it comes a frame after the window). */
    private static void awaitFirstPage(FxRobot robot) {
        Eventually.until("the host read", () -> problem(robot).equals("Choose the installation image (ISO)."),
                () -> problem(robot));
        Eventually.until("the first page shown", () -> onFx(() -> robot.lookup("#wizard-source-kernel").tryQuery()
                .map(n -> n.getScene() != null).orElse(false)));
    }

    private HostConnection connection() {
        return connection("provisioning.xml");
    }

    private HostConnection connection(String file) {
        return context.connections().entries().stream().map(e -> e.connection())
                .filter(c -> c.id().equals(TestHosts.uri(file))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static ListView<Object> osList(FxRobot robot) {
        return robot.lookup("#wizard-os-list").queryAs(ListView.class);
    }

    private static String problem(FxRobot robot) {
        return onFx(() -> robot.lookup("#wizard-problem").queryAll().isEmpty() ? "(no wizard)"
                : robot.lookup("#wizard-problem").queryAs(Label.class).getText());
    }

    private static boolean disabled(FxRobot robot, String id) {
        return onFx(() -> robot.lookup(id).queryAs(Button.class).isDisabled());
    }

    private static void selectVolume(FxRobot robot, String id, String volume) {
        runFx(() -> {
            @SuppressWarnings("unchecked")
            ComboBox<HostInventory.Volume> box = robot.lookup(id).queryAs(ComboBox.class);
            box.setValue(box.getItems().stream().filter(v -> v.name().equals(volume)).findFirst().orElseThrow());
        });
    }

    /** Selects a spinner's or field's text and types over it, as a user would. */
    private static void typeInto(FxRobot robot, String id, String text) {
        var node = robot.lookup(id).query();
        TextField field = node instanceof Spinner<?> s ? s.getEditor() : (TextField) node;
        robot.clickOn(field);
        runFx(field::selectAll);
        robot.write(text);
    }

    private static void replaceText(FxRobot robot, String id, String text) {
        typeInto(robot, id, text);
    }

    /**
     * The first wizard in a JVM costs JavaFX its one-time skin, CSS and class set-up on each page:
     * one is walked through before the watchdog is armed; the measured walk is the second.
     */
    private void warmUp(FxRobot robot) {
        NewVmWizard w = onFx(() -> window.openNewVmWizard());
        awaitFirstPage(robot);
        robot.clickOn("#wizard-source-pxe");
        for (int i = 0; i < 5; i++) {
            Eventually.until("Next enabled", () -> !disabled(robot, "#wizard-next"), () -> problem(robot));
            next(robot);
        }
        robot.clickOn("#wizard-customize");
        robot.sleep(200);
        runFx(() -> w.stage().close());
        robot.sleep(300);
    }
}
