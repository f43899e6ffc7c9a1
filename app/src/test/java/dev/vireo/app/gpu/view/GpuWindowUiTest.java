package dev.vireo.app.gpu.view;

import static dev.vireo.app.testing.FxTesting.onFx;
import static dev.vireo.app.testing.FxTesting.runFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.app.AppContext;
import dev.vireo.app.XdgDirs;
import dev.vireo.app.testing.FxWatchdog;
import dev.vireo.app.testing.Screenshots;
import dev.vireo.app.vmlist.ManagerWindow;
import dev.vireo.bridge.ConnectionState;
import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.model.GpuReadiness;
import dev.vireo.bridge.testing.Eventually;
import dev.vireo.bridge.testing.TestHosts;
import dev.vireo.bridge.testing.Vhba;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
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
 * The graphics cards window on the gpus.xml test host, opened from the connection's context menu:
 * the host's checks, every card with its group and verdict, a card's checks with their fixes, and
 * a device action the test driver refuses (shown as an error, the window working on), and the cards
 * read again by themselves after a device or a VM definition changes on the host. Refreshing,
 * selecting and reading again never block the FX thread for more than 100 ms.
 */
@ExtendWith(ApplicationExtension.class)
class GpuWindowUiTest {

    @TempDir
    static Path dir;

    private AppContext context;
    private Stage stage;
    private ManagerWindow window;

    @Start
    void start(Stage primary) {
        stage = new Stage();
        context = new AppContext(new XdgDirs(dir.resolve("config"), dir.resolve("state"), dir.resolve("cache")));
        window = new ManagerWindow(stage, context);
        window.show();
        window.connect(TestHosts.uri("gpus.xml"));
    }

    @AfterEach
    void tearDown() {
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

    /**
     * Passing a card through to a shut-off VM from its context menu: a card sharing its group is
     * refused (Apply off), the free NVIDIA card shows its diff (the hypervisor hidden by default)
     * and Apply makes the VM its user.
     */
    @Test
    void aCardPassedThroughFromTheVmsContextMenu(FxRobot robot) {
        Eventually.until("plain listed", () -> onFx(() -> window.rowOf("plain").isPresent()));
        robot.rightClickOn("plain");
        robot.clickOn("Graphics Card or vGPU…");
        Eventually.until("the dialog", () -> onFx(() -> dialog() != null));
        Stage d = onFx(this::dialog);
        @SuppressWarnings("unchecked")
        TableView<GpuReadiness.CardChecks> cards = onFx(() -> (TableView<GpuReadiness.CardChecks>) d.getScene()
                .lookup("#passthrough-cards"));
        Eventually.until("the cards", () -> onFx(() -> cards.getItems().size() == 6));
        runFx(() -> cards.getSelectionModel().select(cards.getItems().stream()
                .filter(c -> c.gpu().device().address().equals("0000:01:00.0")).findFirst().orElseThrow()));
        assertThat(onFx(() -> ((Label) d.getScene().lookup("#passthrough-verdict")).getText()))
                .startsWith("Cannot: The card's IOMMU group 1 also holds 0000:03:00.0");
        assertThat(onFx(() -> d.getScene().lookup("#passthrough-apply").isDisabled())).isTrue();

        runFx(() -> cards.getSelectionModel().select(cards.getItems().stream()
                .filter(c -> c.gpu().device().address().equals("0000:0a:00.0")).findFirst().orElseThrow()));
        String diff = onFx(() -> ((javafx.scene.control.TextArea) d.getScene().lookup("#passthrough-diff")).getText());
        assertThat(diff).contains("+      <hidden state=\"on\"/>").contains("function=\"0x1\"").doesNotContain("\n-");
        assertThat(onFx(() -> ((javafx.scene.control.CheckBox) d.getScene().lookup("#passthrough-hide")).isSelected())).isTrue();
        robot.sleep(300); // drawn before the picture is taken
        Screenshots.window("Pass a Graphics Card.*", "passthrough-dialog");
        robot.clickOn("#passthrough-apply");
        Eventually.until("the dialog closed", () -> onFx(() -> !d.isShowing()));
        var gpus = context.connections().entries().get(0).connection().gpus().inventory().join();
        assertThat(gpus.gpus().stream().filter(g -> g.device().address().equals("0000:0a:00.0")).findFirst().orElseThrow()
                .usedBy()).containsExactly("plain");
    }

    private Stage dialog() {
        return javafx.stage.Window.getWindows().stream().filter(w -> w instanceof Stage s && s.isShowing()
                && s.getTitle() != null && (s.getTitle().startsWith("Pass a Graphics Card") || s.getTitle().startsWith("Give a vGPU")))
                .map(w -> (Stage) w).findFirst().orElse(null);
    }

    private static final String UNUSED_VGPU = "6a1f2c3e-5b7d-4e21-9c4a-0d3e8f1a2b62";

    /**
     * A vGPU for a shut-off VM from its context menu: a new one is made first (the test driver
     * refuses: shown, the VM unchanged, the dialog open), the unused one is given with its picture
     * in the console; then, in the graphics cards window, taken from the VM, and its removal
     * offered (the test driver refuses that too: shown).
     */
    @Test
    void aVgpuGivenToAVmAndTakenBack(FxRobot robot) {
        Eventually.until("plain listed", () -> onFx(() -> window.rowOf("plain").isPresent()));
        HostConnection host = context.connections().entries().get(0).connection();
        var plain = TestHosts.byName(host, "plain");
        String before = host.operations().inactiveDefinition(plain).join();
        robot.rightClickOn("plain");
        robot.clickOn("Graphics Card or vGPU…");
        Eventually.until("the dialog", () -> onFx(() -> dialog() != null));
        Stage d = onFx(this::dialog);
        robot.clickOn("#passthrough-kind-vgpu");
        @SuppressWarnings("unchecked")
        javafx.scene.control.ListView<Object> vgpus = onFx(() -> (javafx.scene.control.ListView<Object>) d.getScene()
                .lookup("#passthrough-vgpus"));
        Eventually.until("the vGPUs", () -> onFx(() -> vgpus.getItems().size() == 4));
        assertThat(onFx(() -> vgpus.getItems().stream().map(Object::toString).toList())).containsExactly(
                "Unused vGPU 6a1f2c3e… · GRID M60-0B (nvidia-11) on 0000:0b:00.0 GM204GL [Tesla M60]",
                "New vGPU · GRID M60-0B (nvidia-11) on 0000:0b:00.0 GM204GL [Tesla M60] · 14 free",
                "New vGPU · GRID M60-0B (nvidia-11) on 0000:0c:00.0 GM204GL [Tesla M60] · 16 free",
                "New vGPU · GRID M60-4Q (nvidia-18) on 0000:0c:00.0 GM204GL [Tesla M60] · 2 free");
        Label verdict = onFx(() -> (Label) d.getScene().lookup("#passthrough-verdict"));

        // a new one: made first, which the test driver cannot do
        runFx(() -> vgpus.getSelectionModel().select(2));
        assertThat(onFx(verdict::getText)).contains("Apply first makes a GRID M60-0B vGPU on 0000:0c:00.0");
        robot.clickOn("#passthrough-apply");
        Eventually.until("the refusal", () -> onFx(verdict::getText).contains("Could not create a nvidia-11 vGPU on pci_0000_0c_00_0"),
                () -> onFx(verdict::getText));
        Eventually.until("an error dialog", () -> onFx(() -> javafx.stage.Window.getWindows().stream()
                .anyMatch(w -> w instanceof Stage s && s.isShowing() && s != d && s.getModality() != javafx.stage.Modality.NONE)));
        robot.type(KeyCode.ESCAPE);
        assertThat(host.operations().inactiveDefinition(plain).join()).isEqualTo(before);
        assertThat(onFx(d::isShowing)).isTrue();

        // the unused one, its picture in the console
        runFx(() -> vgpus.getSelectionModel().select(0));
        String diff = onFx(() -> ((javafx.scene.control.TextArea) d.getScene().lookup("#passthrough-diff")).getText());
        assertThat(diff).contains("+    <hostdev display=\"on\" mode=\"subsystem\" model=\"vfio-pci\" ramfb=\"on\" type=\"mdev\">")
                .contains("+        <address uuid=\"" + UNUSED_VGPU + "\"/>").doesNotContain("\n-");
        robot.sleep(300);
        Screenshots.window("Give a vGPU.*", "vgpu-dialog");
        robot.clickOn("#passthrough-apply");
        Eventually.until("the dialog closed", () -> onFx(() -> !d.isShowing()));
        assertThat(vgpu(host).usedBy()).containsExactly("plain");

        // taken back in the graphics cards window, its removal offered
        robot.rightClickOn("Test host (gpus.xml)");
        robot.clickOn("Graphics Cards…");
        Eventually.until("the graphics cards window", () -> onFx(() -> gpusWindow() != null));
        Stage gpus = onFx(this::gpusWindow);
        Eventually.until("six cards", () -> onFx(() -> table(gpus).getItems().size() == 6));
        runFx(() -> table(gpus).getSelectionModel().select(table(gpus).getItems().stream()
                .filter(c -> c.gpu().device().address().equals("0000:0b:00.0")).findFirst().orElseThrow()));
        Eventually.until("the vGPU's row", () -> onFx(() -> gpus.getScene().lookup("#gpu-vgpu-take-" + UNUSED_VGPU) != null));
        assertThat(texts(gpus, "#gpu-card-checks")).contains("vGPU " + UNUSED_VGPU + " (nvidia-11), used by plain");
        robot.sleep(300);
        Screenshots.window("Graphics Cards.*", "gpu-window-vgpus");
        robot.clickOn("#gpu-vgpu-take-" + UNUSED_VGPU);
        robot.clickOn("Take It");
        Eventually.until("the removal offered", () -> onFx(() -> javafx.stage.Window.getWindows().stream()
                .anyMatch(w -> w instanceof Stage s && s.isShowing() && s.getScene().lookup(".header-panel .label") instanceof Label l
                        && l.getText().startsWith("Also remove the vGPU " + UNUSED_VGPU))));
        assertThat(vgpu(host).usedBy()).isEmpty();
        assertThat(host.operations().inactiveDefinition(plain).join()).doesNotContain(UNUSED_VGPU);
        robot.clickOn("Remove vGPU");
        Label status = onFx(() -> (Label) gpus.getScene().lookup("#gpu-status"));
        Eventually.until("the test driver's refusal", () -> onFx(status::getText).startsWith("Could not remove the vGPU " + UNUSED_VGPU),
                () -> onFx(status::getText));
        robot.type(KeyCode.ESCAPE);
    }

    private static dev.vireo.bridge.model.HostGpus.Mdev vgpu(HostConnection host) {
        return host.gpus().inventory().join().gpus().stream().flatMap(g -> g.mdevs().stream())
                .filter(m -> m.uuid().equals(UNUSED_VGPU)).findFirst().orElseThrow();
    }

    private Stage gpusWindow() {
        return javafx.stage.Window.getWindows().stream().filter(w -> w instanceof Stage s && s.isShowing() && s.getTitle() != null
                && s.getTitle().startsWith("Graphics Cards")).map(w -> (Stage) w).findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static TableView<GpuReadiness.CardChecks> table(Stage gpus) {
        return (TableView<GpuReadiness.CardChecks>) gpus.getScene().lookup("#gpu-table");
    }

    private static String texts(Stage s, String id) {
        return onFx(() -> String.join("\n", ((javafx.scene.Parent) s.getScene().lookup(id)).lookupAll(".label").stream()
                .map(n -> ((Label) n).getText()).toList()));
    }

    @Test
    void theCardsTheirChecksAndARefusedAction(FxRobot robot) {
        Eventually.until("connected", () -> onFx(() -> context.connections().entries().size() == 1
                && context.connections().entries().get(0).connection().status().get().state() == ConnectionState.CONNECTED));
        robot.rightClickOn("Test host (gpus.xml)");
        robot.clickOn("Graphics Cards…");
        Eventually.until("the graphics cards window", () -> onFx(() -> javafx.stage.Window.getWindows().stream()
                .anyMatch(w -> w instanceof Stage s && s.getTitle() != null && s.getTitle().startsWith("Graphics Cards"))));
        Stage gpus = onFx(() -> (Stage) javafx.stage.Window.getWindows().stream().filter(w -> w instanceof Stage s
                && s.getTitle() != null && s.getTitle().startsWith("Graphics Cards")).findFirst().orElseThrow());
        Eventually.until("six cards", () -> onFx(() -> table(gpus).getItems().size() == 6));
        assertThat(texts(gpus, "#gpu-host-checks")).contains("ready for GPU pass-through").contains("IOMMU: On: devices are in IOMMU"
                + " groups.");

        robot.sleep(300);
        try (FxWatchdog watchdog = new FxWatchdog(100)) {
            runFx(() -> table(gpus).getSelectionModel().select(table(gpus).getItems().stream()
                    .filter(c -> c.gpu().device().address().equals("0000:01:00.0")).findFirst().orElseThrow()));
            assertThat(texts(gpus, "#gpu-card-checks")).contains("Group 1 also holds 0000:03:00.0")
                    .contains("Fix: Move the card to a slot wired to the CPU");
            robot.clickOn(table(gpus)).type(KeyCode.F5);
            Eventually.until("read again", () -> onFx(() -> ((Label) gpus.getScene().lookup("#gpu-status")).getText())
                    .equals("6 graphics cards"));
            assertThat(watchdog.stalls()).as("FX thread stalls over 100 ms").isEmpty();
        }
        runFx(() -> table(gpus).getSelectionModel().select(table(gpus).getItems().stream()
                .filter(c -> c.gpu().device().address().equals("0000:05:00.0")).findFirst().orElseThrow()));
        Screenshots.window("Graphics Cards.*", "gpu-window");

        // a card without vGPU types offers none
        assertThat(onFx(() -> gpus.getScene().lookup("#gpu-create-vgpu").isDisabled())).isTrue();
        // the test driver cannot detach a device: the error is shown, the window goes on
        robot.clickOn("#gpu-detach");
        Eventually.until("the error", () -> onFx(() -> ((Label) gpus.getScene().lookup("#gpu-status")).getText())
                .startsWith("Could not take pci_0000_05_00_0 from the host"));
        Eventually.until("an error dialog", () -> onFx(() -> javafx.stage.Window.getWindows().stream()
                .anyMatch(w -> w instanceof Stage s && s.isShowing() && s.getModality() != javafx.stage.Modality.NONE)));
        robot.type(KeyCode.ESCAPE);
        assertThat(onFx(() -> table(gpus).getItems().size())).isEqualTo(6);

        // a vGPU of a type with free instances: offered, and the test driver's refusal shown
        runFx(() -> table(gpus).getSelectionModel().select(table(gpus).getItems().stream()
                .filter(c -> c.gpu().device().address().equals("0000:0c:00.0")).findFirst().orElseThrow()));
        robot.clickOn("#gpu-create-vgpu");
        Eventually.until("the vGPU types", () -> onFx(() -> robot.lookup("#gpu-vgpu-dialog").tryQuery().isPresent()));
        robot.type(KeyCode.ENTER);
        Eventually.until("the test driver's refusal", () -> onFx(() -> ((Label) gpus.getScene().lookup("#gpu-status")).getText())
                .startsWith("Could not create a nvidia-11 vGPU on pci_0000_0c_00_0"));
        robot.type(KeyCode.ESCAPE);
    }

    /**
     * A vHBA created on the host (not a card, but a node-device event) and a VM defined again: the
     * window reads the cards again each time, without Refresh, and the FX thread never waits.
     */
    @Test
    void theCardsAreReadAgainAfterChangesOnTheHost(FxRobot robot) {
        Eventually.until("connected", () -> onFx(() -> context.connections().entries().size() == 1
                && context.connections().entries().get(0).connection().status().get().state() == ConnectionState.CONNECTED));
        HostConnection host = context.connections().entries().get(0).connection();
        robot.rightClickOn("Test host (gpus.xml)");
        robot.clickOn("Graphics Cards…");
        Eventually.until("the graphics cards window", () -> onFx(() -> javafx.stage.Window.getWindows().stream()
                .anyMatch(w -> w instanceof Stage s && s.getTitle() != null && s.getTitle().startsWith("Graphics Cards"))));
        Stage gpus = onFx(() -> (Stage) javafx.stage.Window.getWindows().stream().filter(w -> w instanceof Stage s
                && s.getTitle() != null && s.getTitle().startsWith("Graphics Cards")).findFirst().orElseThrow());
        Label status = onFx(() -> (Label) gpus.getScene().lookup("#gpu-status"));
        Eventually.until("the cards read", () -> onFx(status::getText).equals("6 graphics cards"));

        try (FxWatchdog watchdog = new FxWatchdog(100)) {
            String vhba = Vhba.create(host); // on the connection's thread; this test thread waits, not the FX thread
            Eventually.until("read again after the device change", () -> onFx(status::getText)
                    .matches("6 graphics cards · updated after a device change at \\d\\d:\\d\\d:\\d\\d"),
                    () -> onFx(status::getText));

            host.call("Define plain again", c -> {
                org.libvirt.Domain plain = c.domainLookupByName("plain");
                try {
                    c.domainDefineXML(plain.getXMLDesc(0)).free();
                } finally {
                    plain.free();
                }
                return null;
            }).join();
            Eventually.until("read again after the definition", () -> onFx(status::getText)
                    .startsWith("6 graphics cards · updated after a VM definition change at "), () -> onFx(status::getText));
            assertThat(onFx(() -> table(gpus).getItems().size())).isEqualTo(6);
            Vhba.destroy(host, vhba);
            assertThat(watchdog.stalls()).as("FX thread stalls over 100 ms").isEmpty();
        }
    }
}
