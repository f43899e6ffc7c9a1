package dev.vireo.app.console;

import dev.vireo.app.common.DialogService;
import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.model.DomainDescription;
import dev.vireo.bridge.model.VirtualMachine;
import dev.vireo.bridge.observe.Subscription;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * A VM's window, opened from the manager: an Overview tab and a Console tab. The console can be
 * detached into a window of its own and brought back (closing that window brings it back too)
 * without reconnecting: the same pane, the same bridge process, moves between the two.
 */
public final class VmWindow {

    private final Stage stage = new Stage();
    private final TabPane tabs = new TabPane();
    private final Tab consoleTab = new Tab("Console");
    private final ConsolePane console;
    private final Consumer<Scene> style;
    private final Button detach = new Button(null, new FontIcon(Material2MZ.OPEN_IN_NEW));
    private final VBox detachedNote;
    private final Subscription watch;
    private final String key;
    private final HostConnection connection;
    private final Label overview = new Label();
    private Stage detached;

    public VmWindow(Window owner, HostConnection connection, VirtualMachine vm, DialogService dialogs,
            Consumer<Scene> style, Supplier<dev.vireo.app.tunnel.SshTunnels> tunnels) {
        this.style = style;
        this.key = vm.key();
        this.connection = connection;
        this.console = new ConsolePane(connection, vm, dialogs, tunnels);
        stage.initOwner(owner);
        stage.setTitle(vm.name() + " on " + connection.uri().displayName());

        detach.setId("console-detach");
        detach.setTooltip(new javafx.scene.control.Tooltip("Open the console in a window of its own"));
        detach.setFocusTraversable(false);
        detach.setOnAction(e -> detach());
        console.toolbar().getItems().addAll(new Separator(), detach);

        Button back = new Button("Bring the Console Back", new FontIcon(Material2AL.INPUT));
        back.setId("console-attach");
        back.setOnAction(e -> attach());
        Label note = new Label("The console is in a window of its own.");
        detachedNote = new VBox(12, note, back);
        detachedNote.setAlignment(Pos.CENTER);

        consoleTab.setId("tab-console");
        consoleTab.setContent(console.node());
        consoleTab.setClosable(false);
        Tab overviewTab = new Tab("Overview", overviewPane());
        overviewTab.setId("tab-overview");
        overviewTab.setClosable(false);
        tabs.getTabs().addAll(overviewTab, consoleTab);
        tabs.setId("vm-window");
        Scene scene = new Scene(tabs, 1080, 900);
        style.accept(scene);
        stage.setScene(scene);
        showOverview(vm);
        watch = connection.domains().subscribe((upserted, removed) -> upserted.stream()
                .filter(v -> v.key().equals(key)).findFirst().ifPresent(v -> Platform.runLater(() -> showOverview(v))));
        stage.setOnHidden(e -> {
            watch.close();
            if (detached != null) {
                detached.setOnHidden(null);
                detached.close();
            }
            console.close();
        });
    }

    /** Shows the window on its Console tab (or brings the detached console to the front). */
    public void showConsole() {
        stage.show();
        stage.toFront();
        if (detached != null) {
            detached.toFront();
        } else {
            tabs.getSelectionModel().select(consoleTab);
        }
        console.start();
    }

    public Stage stage() {
        return stage;
    }

    public ConsolePane console() {
        return console;
    }

    /** The console's own window while detached, else null. */
    public Stage detachedWindow() {
        return detached;
    }

    /** Moves the console into a window of its own; the connection stays. */
    public void detach() {
        if (detached != null) {
            detached.toFront();
            return;
        }
        consoleTab.setContent(detachedNote);
        detached = new Stage();
        detached.setTitle(stage.getTitle().replaceFirst(" on .*$", "") + " — Console");
        Scene scene = new Scene(console.node(), 1060, 860);
        style.accept(scene);
        detached.setScene(scene);
        detached.setOnHidden(e -> attach()); // closing the console's window brings it back
        detach.setDisable(true);
        detached.show();
    }

    /** Brings the detached console back into its tab; the connection stays. */
    public void attach() {
        if (detached == null) {
            return;
        }
        Stage s = detached;
        detached = null;
        s.setOnHidden(null);
        s.getScene().setRoot(new javafx.scene.layout.Pane()); // let go of the console's node
        s.close();
        consoleTab.setContent(console.node());
        tabs.getSelectionModel().select(consoleTab);
        detach.setDisable(false);
        stage.toFront();
    }

    private VBox overviewPane() {
        overview.setId("vm-overview");
        overview.setWrapText(true);
        VBox box = new VBox(12, overview);
        box.setPadding(new Insets(20));
        return box;
    }

    private void showOverview(VirtualMachine vm) {
        DomainDescription d = vm.description();
        StringBuilder b = new StringBuilder();
        b.append(vm.name()).append(d.title().isEmpty() ? "" : " — " + d.title()).append('\n');
        b.append("State: ").append(vm.state().label()).append('\n');
        b.append("Host: ").append(connection.uri().displayName()).append('\n');
        b.append("vCPUs: ").append(d.vcpus()).append("   Memory: ").append(d.memoryMiB()).append(" MiB\n");
        b.append("Displays: ").append(d.graphics().isEmpty() ? "none" : String.join(", ", d.graphics().stream()
                .map(g -> g.type() + (g.port() > 0 ? " :" + g.port() : "")).toList())).append('\n');
        b.append("Video: ").append(String.join(", ", d.videoModels())).append('\n');
        b.append("UUID: ").append(vm.uuid());
        overview.setText(b.toString());
    }
}
