package dev.vireo.app.vmlist;

import static dev.vireo.app.testing.FxTesting.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.app.AppContext;
import dev.vireo.app.XdgDirs;
import dev.vireo.app.testing.FxWatchdog;
import dev.vireo.app.testing.LargeHost;
import dev.vireo.bridge.DemoHost;
import dev.vireo.bridge.model.DomainState;
import dev.vireo.bridge.testing.Eventually;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The window on a host with 5,000 VMs: filtering, sorting, scrolling, selecting all and
 * sorting under that selection, a 500-row selection and a batch start must never block the FX
 * thread for more than 100 ms.
 */
@ExtendWith(ApplicationExtension.class)
class LargeHostUiTest {

    private static final int VMS = 5000;

    @TempDir
    static Path dir;

    private AppContext context;
    private Stage stage;

    @Start
    void start(Stage primary) {
        stage = new Stage();
        context = new AppContext(new XdgDirs(dir.resolve("config"), dir.resolve("state"), dir.resolve("cache")));
        ManagerWindow window = new ManagerWindow(stage, context);
        window.show();
        window.connect(DemoHost.testDriverUri(LargeHost.write(dir, VMS)));
    }

    @AfterEach
    void tearDown() {
        onFx(() -> {
            stage.hide();
            return null;
        });
        context.close();
    }

    @SuppressWarnings("unchecked")
    private TreeTableView<TableEntry> table(FxRobot robot) {
        return robot.from(stage.getScene().getRoot()).lookup("#vm-table").queryAs(TreeTableView.class);
    }

    private int shown(FxRobot robot) {
        return onFx(() -> table(robot).getRoot().getChildren().isEmpty() ? 0
                : table(robot).getRoot().getChildren().get(0).getChildren().size());
    }

    @Test
    void fiveThousandVmsStaySmooth(FxRobot robot) {
        Eventually.until("5,000 VMs listed", () -> shown(robot) == VMS);
        TextField filter = robot.from(stage.getScene().getRoot()).lookup("#filter-field").queryAs(TextField.class);
        // One round trip before watching: the first pass through these paths also loads and
        // compiles them, a one-time cost that is JavaFX's and the JVM's, not the window's.
        onFx(() -> {
            filter.setText("no VM has this name");
            return null;
        });
        Eventually.until("emptied", () -> shown(robot) == 0);
        onFx(() -> {
            filter.setText("");
            return null;
        });
        Eventually.until("refilled", () -> shown(robot) == VMS);
        onFx(() -> { // and selecting all, sorting under it, clearing it
            var t = table(robot);
            t.getSelectionModel().selectAll();
            t.getSortOrder().setAll(t.getColumns().get(1));
            t.getSortOrder().setAll(t.getColumns().get(0));
            t.getSelectionModel().clearSelection();
            return null;
        });
        robot.sleep(500);
        try (FxWatchdog watchdog = new FxWatchdog(100)) {
            onFx(() -> {
                filter.setText("lab-vm-049");
                return null;
            });
            Eventually.until("filtered to 100", () -> shown(robot) == 100);
            onFx(() -> {
                filter.setText("shut off");
                return null;
            });
            Eventually.until("filtered to the shut-off half", () -> shown(robot) == VMS / 2);
            onFx(() -> {
                filter.setText("");
                return null;
            });
            Eventually.until("all back", () -> shown(robot) == VMS);

            // sort by state, then scroll to the end and back
            onFx(() -> {
                var t = table(robot);
                t.getSortOrder().setAll(t.getColumns().get(1));
                return null;
            });
            onFx(() -> {
                table(robot).scrollTo(VMS);
                return null;
            });
            robot.sleep(200);
            onFx(() -> {
                table(robot).scrollTo(0);
                return null;
            });

            // select everything with the keyboard (Ctrl+A in the table), sort by state and back
            // by name with all 5,001 rows selected: TreeTableView's own lookups made both n²
            robot.clickOn(robot.from(stage.getScene().getRoot()).lookup(".tree-table-row-cell").nth(3)
                    .queryAs(javafx.scene.Node.class));
            robot.press(javafx.scene.input.KeyCode.CONTROL).press(javafx.scene.input.KeyCode.A)
                    .release(javafx.scene.input.KeyCode.A).release(javafx.scene.input.KeyCode.CONTROL);
            Eventually.until("all selected", () -> onFx(() -> table(robot).getSelectionModel().getSelectedItems().size()) == VMS + 1);
            onFx(() -> {
                var t = table(robot);
                t.getSortOrder().setAll(t.getColumns().get(1));
                return null;
            });
            onFx(() -> {
                var t = table(robot);
                t.getSortOrder().setAll(t.getColumns().get(0));
                return null;
            });
            assertThat(onFx(() -> table(robot).getSelectionModel().getSelectedItems().size())).isEqualTo(VMS + 1);

            // back to the default sort by name; select rows 1-500 in one range (a shift-click):
            // Start applies to the 250 shut-off VMs among them and skips the running ones
            onFx(() -> {
                var t = table(robot);
                t.getSortOrder().setAll(t.getColumns().get(0));
                return null;
            });
            onFx(() -> {
                var t = table(robot);
                t.getSelectionModel().clearSelection();
                t.getSelectionModel().selectRange(1, 501);
                return null;
            });
            robot.clickOn(robot.from(stage.getScene().getRoot()).lookup("#start-button").queryAs(javafx.scene.Node.class));
            Eventually.until("250 more running", () -> onFx(() -> table(robot).getRoot().getChildren().get(0).getChildren()
                    .stream().filter(i -> ((VmRow) i.getValue()).vm().state() == DomainState.RUNNING).count()) == VMS / 2 + 250);
            robot.sleep(300);
            assertThat(watchdog.stalls()).as("FX thread stalls over 100 ms with %d VMs", VMS).isEmpty();
        }
    }
}
