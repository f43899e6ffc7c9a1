package dev.vireo.app.vmlist;

import static dev.vireo.app.testing.FxTesting.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.app.AppContext;
import dev.vireo.app.XdgDirs;
import dev.vireo.app.testing.FxWatchdog;
import dev.vireo.bridge.ConnectionState;
import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.model.DomainState;
import dev.vireo.bridge.model.VirtualMachine;
import dev.vireo.bridge.stats.DomainStats;
import dev.vireo.bridge.testing.Eventually;
import dev.vireo.bridge.testing.TestHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Control;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Drives the real manager window under Xvfb on the project's test-driver hosts: filtering,
 * multi-select, batch start, delete with confirmation, a bad connection, with a watchdog that
 * fails the test if the FX thread is blocked for more than 100 ms.
 */
@ExtendWith(ApplicationExtension.class)
class ManagerWindowUiTest {

    @TempDir
    static Path home;

    private AppContext context;
    private ManagerWindow window;
    private Stage stage;
    private FxWatchdog watchdog;

    @Start
    void start(Stage primary) throws Exception {
        // A stage of our own per test: the window sets its own scene and closing it ends the test's app.
        this.stage = new Stage();
        Path dir = Files.createTempDirectory(home, "xdg");
        context = new AppContext(new XdgDirs(dir.resolve("config"), dir.resolve("state"), dir.resolve("cache")));
        window = new ManagerWindow(stage, context);
        window.show();
        window.connect(TestHosts.uri("states.xml"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (watchdog != null) {
            watchdog.close();
        }
        onFx(() -> {
            stage.hide();
            return null;
        });
        context.close();
    }

    /** Looks up nodes in this test's window only (earlier tests' windows may still exist, hidden). */
    private org.testfx.service.query.NodeQuery inWindow(FxRobot robot, String query) {
        return robot.from(stage.getScene().getRoot()).lookup(query);
    }

    @SuppressWarnings("unchecked")
    private TreeTableView<TableEntry> table(FxRobot robot) {
        return inWindow(robot, "#vm-table").queryAs(TreeTableView.class);
    }

    private List<TreeItem<TableEntry>> groups(FxRobot robot) {
        return onFx(() -> List.copyOf(table(robot).getRoot().getChildren()));
    }

    private List<VmRow> shownRows(FxRobot robot, int group) {
        return onFx(() -> table(robot).getRoot().getChildren().get(group).getChildren().stream()
                .map(i -> (VmRow) i.getValue()).toList());
    }

    /** The rows shown in the group of the connection whose name mentions {@code hostFile}. */
    private List<VmRow> shownRows(FxRobot robot, String hostFile) {
        return onFx(() -> table(robot).getRoot().getChildren().stream()
                .filter(g -> ((ConnectionRow) g.getValue()).displayName().contains(hostFile))
                .flatMap(g -> g.getChildren().stream())
                .map(i -> (VmRow) i.getValue()).toList());
    }

    private Optional<VmRow> row(FxRobot robot, String name) {
        return onFx(() -> table(robot).getRoot().getChildren().stream()
                .flatMap(g -> g.getChildren().stream())
                .map(i -> (VmRow) i.getValue())
                .filter(r -> r.vm().name().equals(name)).findFirst());
    }

    private DomainState stateOf(FxRobot robot, String name) {
        return row(robot, name).map(r -> r.vm().state()).orElse(null);
    }

    private void awaitLoaded(FxRobot robot) {
        Eventually.until("states.xml listed", () -> shownRows(robot, 0).size() == 7);
        Eventually.until("the header says Connected", () -> onFx(() ->
                ((ConnectionRow) table(robot).getRoot().getChildren().get(0).getValue()).status().state()
                        == ConnectionState.CONNECTED));
        warmUpDialogs();
        warmUpTable(robot);
        robot.sleep(300); // let the first layout pass and CSS settle before watching the FX thread
        watchdog = new FxWatchdog(100);
    }

    /**
     * Shows and hides each kind of dialog once, and lays out the test hosts' unusual glyphs, before
     * the watchdog starts. The first dialog of a kind in a JVM loads its skin classes and CSS, the
     * first CJK glyph a fallback font (each about 100 ms on two busy cores): JavaFX's one-time
     * costs, not work that Vireo put on the FX thread, which is what the watchdog hunts.
     */
    private void warmUpDialogs() {
        onFx(() -> {
            // The first CJK or emoji glyph makes JavaFX load a fallback font (tens of ms, once).
            var text = new javafx.scene.text.Text("Ünïcødé-虚拟机-\uD83D\uDDA5 R&D <lab>");
            var root = (javafx.scene.layout.Pane) stage.getScene().getRoot();
            root.getChildren().add(text);
            text.applyCss();
            text.getLayoutBounds();
            root.getChildren().remove(text);
            window.connectionsDialog().show();
            window.connectionsDialog().stage().close();
            for (javafx.scene.control.Dialog<?> d : List.of(new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.ERROR),
                    new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION),
                    new javafx.scene.control.TextInputDialog())) {
                d.initOwner(stage);
                d.show();
                d.close();
            }
            return null;
        });
    }

    /** Empties and refills the table once, so that its cells and their first CSS pass exist. */
    private void warmUpTable(FxRobot robot) {
        TextField filter = inWindow(robot, "#filter-field").queryAs(TextField.class);
        onFx(() -> {
            filter.setText("no VM has this name");
            return null;
        });
        Eventually.until("table emptied", () -> shownRows(robot, 0).isEmpty());
        robot.sleep(100);
        onFx(() -> {
            filter.setText("");
            return null;
        });
        Eventually.until("table refilled", () -> shownRows(robot, 0).size() == 7);
    }

    private void assertFxThreadNeverBlocked() {
        assertThat(watchdog.stalls()).as("FX thread stalls over 100 ms").isEmpty();
    }

    private void selectRows(FxRobot robot, String... names) {
        onFx(() -> {
            var table = table(robot);
            table.getSelectionModel().clearSelection();
            for (TreeItem<TableEntry> g : table.getRoot().getChildren()) {
                for (TreeItem<TableEntry> i : g.getChildren()) {
                    if (List.of(names).contains(((VmRow) i.getValue()).vm().name())) {
                        table.getSelectionModel().select(i);
                    }
                }
            }
            return null;
        });
    }

    private String text(FxRobot robot, String id) {
        return onFx(() -> inWindow(robot, id).queryAs(Labeled.class).getText());
    }

    @Test
    void showsTheHostWithEveryStateAndCounts(FxRobot robot) {
        awaitLoaded(robot);
        assertThat(stateOf(robot, "st-running")).isEqualTo(DomainState.RUNNING);
        assertThat(stateOf(robot, "st-pmsuspended")).isEqualTo(DomainState.PMSUSPENDED);
        assertThat(text(robot, "#status-counts"))
                .isEqualTo("7 VMs: 2 running, 1 paused, 2 shut off, 1 crashed, 1 suspended");
        // the cells show state words, not enum names
        assertThat(inWindow(robot, ".tree-table-cell").queryAllAs(Labeled.class).stream().map(Labeled::getText))
                .contains("Running", "Paused", "Shut off", "Shut off (saved)", "Crashed", "Suspended");
        assertFxThreadNeverBlocked();
    }

    @Test
    void filterNarrowsByNameAndState(FxRobot robot) {
        awaitLoaded(robot);
        robot.clickOn(table(robot));
        robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        assertThat(onFx(() -> inWindow(robot, "#filter-field").query().isFocused())).isTrue();
        robot.write("paused");
        Eventually.until("only st-paused shown", () -> shownRows(robot, 0).stream().map(r -> r.vm().name()).toList()
                .equals(List.of("st-paused")));
        robot.eraseText(6).write("shut off");
        Eventually.until("shut-off VMs shown", () -> shownRows(robot, 0).stream().map(r -> r.vm().name()).sorted().toList()
                .equals(List.of("st-managedsave", "st-shutoff")));
        robot.type(KeyCode.ESCAPE);
        Eventually.until("all back", () -> shownRows(robot, 0).size() == 7);
        assertThat(onFx(() -> inWindow(robot, "#filter-field").queryAs(TextField.class).getText())).isEmpty();
        assertFxThreadNeverBlocked();
    }

    @Test
    void multiSelectAndBatchStartChangeTheRows(FxRobot robot) {
        awaitLoaded(robot);
        selectRows(robot, "st-shutoff", "st-managedsave", "st-running");
        // Start applies to the two shut-off VMs; the running one is skipped, not an error.
        assertThat(onFx(() -> inWindow(robot, "#start-button").queryAs(Button.class).isDisabled())).isFalse();
        robot.clickOn(inWindow(robot, "#start-button").queryAs(Node.class));
        Eventually.until("both started", () -> stateOf(robot, "st-shutoff") == DomainState.RUNNING
                && stateOf(robot, "st-managedsave") == DomainState.RUNNING);
        Eventually.until("status bar reports it", () -> text(robot, "#status-activity").equals("2 VMs started."));
        // with all three running, Start no longer applies
        Eventually.until("start disabled", () -> onFx(() -> inWindow(robot, "#start-button").queryAs(Button.class).isDisabled()));

        // batch force off through the keyboard shortcut
        robot.clickOn(table(robot));
        selectRows(robot, "st-shutoff", "st-managedsave", "st-running");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.F).release(KeyCode.F, KeyCode.SHIFT, KeyCode.CONTROL);
        Eventually.until("all three forced off", () -> stateOf(robot, "st-shutoff") == DomainState.SHUTOFF
                && stateOf(robot, "st-managedsave") == DomainState.SHUTOFF
                && stateOf(robot, "st-running") == DomainState.SHUTOFF);
        assertFxThreadNeverBlocked();
    }

    /**
     * A new statistics sample changes one cell's value; TreeTableView then lays out every row
     * again and gives the connection header its index again. Rows and cells must not restyle
     * themselves for that: a style class taken off and put back made JavaFX restyle the header
     * and repaint the whole window after every round (twice the idle CPU).
     */
    @Test
    void statisticsRoundsLeaveTheRowsStylesAlone(FxRobot robot) {
        awaitLoaded(robot);
        VmRow running = row(robot, "st-running").orElseThrow();
        AtomicInteger restyled = new AtomicInteger();
        List<Node> rows = onFx(() -> {
            table(robot).layout();
            List<Node> shown = List.copyOf(inWindow(robot, ".tree-table-row-cell").queryAll());
            List<Node> cells = List.copyOf(inWindow(robot, ".tree-table-cell").queryAll());
            Stream.concat(shown.stream(), cells.stream()).forEach(n -> {
                n.getStyleClass().addListener((ListChangeListener<String>) c -> restyled.incrementAndGet());
                ((Control) n).tooltipProperty().addListener(o -> restyled.incrementAndGet());
            });
            return shown;
        });
        assertThat(rows).anyMatch(r -> r.getStyleClass().contains("connection-row"));
        for (int round = 1; round <= 3; round++) {
            double percent = 10 * round;
            onFx(() -> {
                running.addSample(new DomainStats(running.vm().uuid(), percent, 0));
                table(robot).layout(); // what the next pulse does
                return null;
            });
        }
        assertThat(restyled.get()).as("style classes or tooltips changed on rows and cells re-laid out by statistics").isZero();
        assertFxThreadNeverBlocked();
    }

    @Test
    void rowsFollowLibvirtEventsInPlace(FxRobot robot) {
        awaitLoaded(robot);
        TreeItem<TableEntry> before = onFx(() -> table(robot).getRoot().getChildren().get(0).getChildren().stream()
                .filter(i -> ((VmRow) i.getValue()).vm().name().equals("st-paused")).findFirst().orElseThrow());
        HostConnection connection = context.connections().entries().get(0).connection();
        VirtualMachine paused = TestHosts.byName(connection, "st-paused");
        // Not through the UI: the row must follow libvirt's event on its own.
        connection.operations().resume(paused).join();
        Eventually.until("row shows Running", () -> stateOf(robot, "st-paused") == DomainState.RUNNING);
        TreeItem<TableEntry> after = onFx(() -> table(robot).getRoot().getChildren().get(0).getChildren().stream()
                .filter(i -> ((VmRow) i.getValue()).vm().name().equals("st-paused")).findFirst().orElseThrow());
        assertThat(after).as("the same row, updated in place, not a reloaded list").isSameAs(before);
        assertFxThreadNeverBlocked();
    }

    @Test
    void deleteAsksAndRefusesRunningVms(FxRobot robot) {
        awaitLoaded(robot);
        selectRows(robot, "st-running");
        assertThat(onFx(() -> inWindow(robot, "#delete-button").queryAs(Button.class).isDisabled()))
                .as("a running VM cannot be deleted").isTrue();

        selectRows(robot, "st-shutoff", "st-running");
        robot.clickOn(inWindow(robot, "#delete-button").queryAs(Node.class));
        DialogPane dialog = robot.lookup("#confirm-dialog").queryAs(DialogPane.class);
        assertThat(dialog.getHeaderText()).isEqualTo("Delete the virtual machine “st-shutoff”?");
        assertThat(dialog.getContentText()).contains("Not deleted (shut them down first): st-running (running)")
                .contains("Disk images are kept");
        robot.clickOn("Cancel");
        assertThat(stateOf(robot, "st-shutoff")).isEqualTo(DomainState.SHUTOFF);

        robot.clickOn(inWindow(robot, "#delete-button").queryAs(Node.class));
        robot.clickOn(robot.lookup("#confirm-dialog .button").match(n -> "Delete".equals(((Labeled) n).getText()))
                .queryAs(Node.class));
        Eventually.until("st-shutoff gone", () -> row(robot, "st-shutoff").isEmpty());
        assertThat(row(robot, "st-running")).isPresent();
        assertFxThreadNeverBlocked();
    }

    /** Opens the connections dialog with Ctrl+O and connects once (unsaved) to {@code uri}. */
    private void connectThroughTheDialog(FxRobot robot, String uri) {
        robot.press(KeyCode.CONTROL, KeyCode.O).release(KeyCode.O, KeyCode.CONTROL);
        Eventually.until("the connections dialog", () -> !robot.lookup("#conn-kind").queryAll().isEmpty());
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<dev.vireo.app.connections.ConnectionSpec.Kind> kind =
                robot.lookup("#conn-kind").queryAs(javafx.scene.control.ComboBox.class);
        onFx(() -> {
            kind.setValue(dev.vireo.app.connections.ConnectionSpec.Kind.CUSTOM);
            return null;
        });
        TextField field = robot.lookup("#conn-uri").queryAs(TextField.class);
        onFx(() -> {
            field.setText(uri);
            return null;
        });
        robot.clickOn("#conn-connect");
    }

    @Test
    void unreachableHostsAreReportedWhileTheWindowAndTheOtherHostStayResponsive(FxRobot robot) throws Exception {
        awaitLoaded(robot);
        // a closed port: refused at once
        connectThroughTheDialog(robot, "qemu+tcp://127.0.0.1:1/system");
        Eventually.until("an error dialog", () -> !robot.lookup("#error-dialog").queryAll().isEmpty());
        DialogPane error = robot.lookup("#error-dialog").queryAs(DialogPane.class);
        assertThat(error.getHeaderText()).contains("Could not connect to 127.0.0.1").contains("could not be reached");
        ConnectionRow failed = groups(robot).stream().map(g -> (ConnectionRow) g.getValue())
                .filter(c -> c.displayName().contains("127.0.0.1:1")).findFirst().orElseThrow();
        assertThat(failed.status().state()).isEqualTo(ConnectionState.ERROR);
        robot.clickOn(robot.lookup("#error-dialog .button").queryAs(Node.class));

        // a host that accepts the connection and never answers: given up after the open timeout,
        // while the other host is used meanwhile
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            connectThroughTheDialog(robot, "qemu+tcp://127.0.0.1:" + silent.getLocalPort() + "/system");
            Eventually.until("the silent host shown as connecting", () -> groups(robot).stream()
                    .map(g -> (ConnectionRow) g.getValue())
                    .anyMatch(c -> c.displayName().contains(":" + silent.getLocalPort())
                            && c.status().state() == ConnectionState.CONNECTING));
            selectRows(robot, "st-shutoff");
            robot.clickOn(inWindow(robot, "#start-button").queryAs(Node.class));
            Eventually.until("st-shutoff started while the other host hangs", () -> stateOf(robot, "st-shutoff") == DomainState.RUNNING);
            Eventually.until("the timeout's error dialog", Duration.ofSeconds(20),
                    () -> !robot.lookup("#error-dialog").queryAll().isEmpty(), () -> "");
            assertThat(robot.lookup("#error-dialog").queryAs(DialogPane.class).getHeaderText())
                    .contains("did not answer within 10 seconds");
            robot.clickOn(robot.lookup("#error-dialog .button").queryAs(Node.class));
        }

        // a malformed URI cannot even be tried: the dialog says why
        robot.press(KeyCode.CONTROL, KeyCode.O).release(KeyCode.O, KeyCode.CONTROL);
        TextField field = robot.lookup("#conn-uri").queryAs(TextField.class);
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<dev.vireo.app.connections.ConnectionSpec.Kind> kind =
                robot.lookup("#conn-kind").queryAs(javafx.scene.control.ComboBox.class);
        onFx(() -> {
            kind.setValue(dev.vireo.app.connections.ConnectionSpec.Kind.CUSTOM);
            field.setText("qemu+ssh://root@[broken");
            return null;
        });
        assertThat(onFx(() -> robot.lookup("#conn-problem").queryAs(javafx.scene.control.Label.class).getText()))
                .startsWith("That is not a URI");
        assertThat(onFx(() -> robot.lookup("#conn-connect").queryAs(Button.class).isDisabled())).isTrue();
        robot.type(KeyCode.ESCAPE);
        assertFxThreadNeverBlocked();
    }

    @Test
    void awkwardNamesShowAndFilterAcrossTwoConnections(FxRobot robot) {
        awaitLoaded(robot);
        onFx(() -> {
            window.connect(TestHosts.uri("names.xml"));
            return null;
        });
        Eventually.until("names.xml listed", () -> groups(robot).size() == 2 && shownRows(robot, "names.xml").size() == 5);
        String unicode = "Ünïcødé-虚拟机-\uD83D\uDDA5";
        assertThat(shownRows(robot, "names.xml").stream().map(r -> r.vm().name()))
                .contains("it's \"quoted\"", "R&D <lab>", unicode, "vm-" + "x".repeat(197));
        assertThat(inWindow(robot, ".tree-table-cell .label").queryAllAs(Labeled.class).stream().map(Labeled::getText))
                .contains("R&D <lab>", "it's \"quoted\"");
        assertThat(text(robot, "#status-counts")).startsWith("12 VMs: ");

        robot.clickOn(inWindow(robot, "#filter-field").queryAs(Node.class));
        onFx(() -> {
            inWindow(robot, "#filter-field").queryAs(TextField.class).setText("虚拟机");
            return null;
        });
        Eventually.until("only the unicode VM shown", () -> shownRows(robot, "states.xml").isEmpty()
                && shownRows(robot, "names.xml").stream().map(r -> r.vm().name()).toList().equals(List.of(unicode)));
        onFx(() -> {
            inWindow(robot, "#filter-field").queryAs(TextField.class).setText("R&D <");
            return null;
        });
        Eventually.until("only R&D shown", () -> shownRows(robot, "names.xml").stream().map(r -> r.vm().name()).toList()
                .equals(List.of("R&D <lab>")));
        assertFxThreadNeverBlocked();
    }

    @Test
    void windowGeometryAndThemeAreRemembered(FxRobot robot) throws Exception {
        awaitLoaded(robot);
        onFx(() -> {
            stage.setX(40);
            stage.setY(50);
            stage.setWidth(900);
            stage.setHeight(600);
            return null;
        });
        robot.clickOn(inWindow(robot, "#theme-button").queryAs(Node.class));
        onFx(() -> {
            stage.hide();
            return null;
        });
        context.close(); // waits for the settings to be written (closing again in tearDown is harmless)
        String saved = Files.readString(context.dirs().config().resolve("settings.properties"));
        assertThat(saved).contains("theme=DARK").contains("window.width=900.0").contains("window.x=40.0")
                .contains("column.name.width=");
        assertThat(onFx(() -> Window.getWindows().contains(stage))).isFalse();
    }
}
