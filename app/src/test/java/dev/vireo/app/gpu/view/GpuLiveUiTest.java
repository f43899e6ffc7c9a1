package dev.vireo.app.gpu.view;

import static dev.vireo.app.testing.FxTesting.onFx;
import static dev.vireo.app.testing.FxTesting.runFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.app.AppContext;
import dev.vireo.app.XdgDirs;
import dev.vireo.app.testing.FxWatchdog;
import dev.vireo.app.testing.Screenshots;
import dev.vireo.app.vmlist.ManagerWindow;
import dev.vireo.bridge.testing.Eventually;
import dev.vireo.bridge.testing.TestBed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The GPU views on the real libvirtd of the test bed, a machine without an IOMMU and without any
 * graphics card: the pass-through dialog of a shut-off guest says why nothing can be passed
 * through and offers no Apply, for a whole card or a vGPU; the graphics cards window shows the
 * host not ready with the IOMMU's fix. No stack trace, no frozen window.
 */
@ExtendWith(ApplicationExtension.class)
class GpuLiveUiTest {

    @TempDir
    static Path home;

    private AppContext context;
    private ManagerWindow window;
    private Stage stage;
    private String guest;

    @Start
    void start(Stage primary) throws Exception {
        stage = new Stage();
        Path dir = Files.createTempDirectory(home, "xdg");
        context = new AppContext(new XdgDirs(dir.resolve("config"), dir.resolve("state"), dir.resolve("cache")));
        window = new ManagerWindow(stage, context);
        window.show();
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
        if (guest != null) {
            TestBed.removeGuest(guest);
        }
    }

    @Test
    void aHostWithoutIommuRefusesPassThroughAndSaysWhy(FxRobot robot) {
        TestBed bed = TestBed.require();
        guest = "vireo-gpu-ui-" + ProcessHandle.current().pid();
        bed.defineGuest(guest, null);
        runFx(() -> window.connect("qemu:///system"));
        Eventually.until(guest + " listed", Duration.ofSeconds(20), () -> onFx(() -> window.rowOf(guest).isPresent()), () -> "");

        // opened as the VM's and the connection's context menus do (GpuWindowUiTest clicks them);
        // the robot's own pointer moves run on the FX thread: only the reads are watched
        runFx(() -> window.openPassthrough(window.rowOf(guest).orElseThrow()));
        Stage d;
        Label verdict;
        try (FxWatchdog watchdog = new FxWatchdog(100)) {
            Eventually.until("the dialog", () -> onFx(() -> stageTitled("Pass a Graphics Card") != null));
            d = onFx(() -> stageTitled("Pass a Graphics Card"));
            verdict = onFx(() -> (Label) d.getScene().lookup("#passthrough-verdict"));
            Eventually.until("the host's verdict", Duration.ofSeconds(20), () -> onFx(verdict::getText).startsWith("No IOMMU"),
                    () -> onFx(verdict::getText));
            assertThat(watchdog.stalls()).as("FX thread stalls over 100 ms").isEmpty();
        }
        assertThat(onFx(verdict::getText)).contains("intel_iommu=on").doesNotContain("Exception");
        assertThat(onFx(() -> d.getScene().lookup("#passthrough-apply").isDisabled())).isTrue();
        robot.clickOn("#passthrough-kind-vgpu");
        assertThat(onFx(() -> ((javafx.scene.control.ListView<?>) d.getScene().lookup("#passthrough-vgpus")).getItems()))
                .isEmpty();
        assertThat(onFx(() -> d.getScene().lookup("#passthrough-apply").isDisabled())).isTrue();
        robot.clickOn("#passthrough-kind-card");
        robot.sleep(300);
        Screenshots.window("Pass a Graphics Card.*", "passthrough-no-iommu");
        runFx(d::close);

        runFx(() -> window.openGpus(context.connections().entries().get(0)));
        try (FxWatchdog watchdog = new FxWatchdog(100)) {
            Eventually.until("the graphics cards window", () -> onFx(() -> stageTitled("Graphics Cards") != null));
            Stage gpus = onFx(() -> stageTitled("Graphics Cards"));
            Eventually.until("the host's checks", Duration.ofSeconds(20), () -> checks(gpus).contains("not ready for GPU pass-through"),
                    () -> checks(gpus));
            assertThat(checks(gpus)).contains("IOMMU: No IOMMU").contains("intel_iommu=on");
            Eventually.until("the cards read", () -> onFx(() -> ((Label) gpus.getScene().lookup("#gpu-status")).getText())
                    .equals("0 graphics cards"));
            assertThat(watchdog.stalls()).as("FX thread stalls over 100 ms").isEmpty();
        }
    }

    private static String checks(Stage gpus) {
        return onFx(() -> String.join("\n", gpus.getScene().lookup("#gpu-host-checks").lookupAll(".label").stream()
                .map(n -> ((Label) n).getText()).toList()));
    }

    private static Stage stageTitled(String prefix) {
        return javafx.stage.Window.getWindows().stream().filter(w -> w instanceof Stage s && s.isShowing() && s.getTitle() != null
                && s.getTitle().startsWith(prefix)).map(w -> (Stage) w).findFirst().orElse(null);
    }
}
