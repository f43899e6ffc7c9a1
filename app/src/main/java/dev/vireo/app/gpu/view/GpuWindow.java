package dev.vireo.app.gpu.view;

import dev.vireo.app.common.DialogService;
import dev.vireo.app.gpu.GpuChangeWatch;
import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.VirtException;
import dev.vireo.bridge.model.GpuReadiness;
import dev.vireo.bridge.model.HostGpus;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * A host's graphics cards: the host's readiness for pass-through above, every card with its IOMMU
 * group, driver, vGPU types and users in a table, the selected card's checks and fixes below, and
 * the device actions (detach from the host, re-attach, reset). Everything is read and done on the
 * connection's thread; F5 reads again, and so do node-device events and VM definitions changing
 * while the window shows.
 */
public final class GpuWindow {

    private final Stage stage = new Stage();
    private final HostConnection connection;
    private final DialogService dialogs;
    private final TableView<GpuReadiness.CardChecks> table = new TableView<>();
    private final VBox hostChecks = new VBox(4);
    private final VBox cardChecks = new VBox(4);
    private final Label status = new Label("Reading the graphics cards…");
    private final Button detach = new Button("Detach from Host", new FontIcon(Material2AL.LINK_OFF));
    private final Button reattach = new Button("Re-attach to Host", new FontIcon(Material2AL.LINK));
    private final Button reset = new Button("Reset", new FontIcon(Material2MZ.REPLAY));
    private final Button createVgpu = new Button("Create vGPU…", new FontIcon(Material2AL.ADD));
    private GpuReadiness readiness;
    /** Why the user's last action failed, kept in the status until the next action; FX thread only. */
    private String error;
    /** Reads again after changes on the host while the window shows; FX thread only. */
    private GpuChangeWatch changes;

    public GpuWindow(HostConnection connection, DialogService dialogs, List<String> stylesheets) {
        this.connection = connection;
        this.dialogs = dialogs;
        stage.setTitle("Graphics Cards — " + connection.uri().displayName());

        table.setId("gpu-table");
        table.setPlaceholder(new Label("No graphics cards (PCI display class) on this host."));
        table.getColumns().add(column("Address", 110, c -> c.gpu().device().address()));
        table.getColumns().add(column("Card", 300, c -> c.gpu().device().product() + "  (" + c.gpu().device().vendorId() + ":"
                + c.gpu().device().productId() + ")"));
        table.getColumns().add(column("Driver", 90, c -> c.gpu().driver()));
        table.getColumns().add(column("IOMMU group", 170, c -> c.gpu().iommuGroup() < 0 ? "none"
                : c.gpu().iommuGroup() + (c.gpu().isolated() ? " · isolated" : " · shared with " + String.join(", ", c.gpu().strangers()))));
        table.getColumns().add(column("vGPU types", 280, c -> String.join(", ", c.gpu().mdevTypes().stream()
                .map(t -> t.id() + " " + t.name() + " (" + t.available() + " free)").toList())));
        table.getColumns().add(column("Used by", 120, c -> String.join(", ", c.gpu().usedBy())));
        table.getColumns().add(column("Verdict", 120, c -> readiness == null ? "" : !readiness.ready(c) ? "not ready"
                : c.worst() == GpuReadiness.Verdict.OK ? "ready" : "check on host"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> showCard(now));

        detach.setId("gpu-detach");
        reattach.setId("gpu-reattach");
        reset.setId("gpu-reset");
        detach.setOnAction(e -> act("Detaching", g -> connection.gpus().detachFromHost(g.name())));
        reattach.setOnAction(e -> act("Re-attaching", g -> connection.gpus().reattachToHost(g.name())));
        reset.setOnAction(e -> act("Resetting", g -> connection.gpus().reset(g.name())));
        createVgpu.setId("gpu-create-vgpu");
        createVgpu.setOnAction(e -> createVgpu());
        Button refresh = new Button("Refresh", new FontIcon(Material2MZ.REFRESH));
        refresh.setId("gpu-refresh");
        refresh.setOnAction(e -> load());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        ToolBar bar = new ToolBar(detach, reattach, reset, new javafx.scene.control.Separator(), createVgpu, gap, refresh);
        showCard(null);

        hostChecks.setId("gpu-host-checks");
        hostChecks.setPadding(new Insets(8, 12, 8, 12));
        cardChecks.setId("gpu-card-checks");
        cardChecks.setPadding(new Insets(8, 12, 8, 12));
        SplitPane split = new SplitPane(table, cardChecks);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.55);
        status.setId("gpu-status");
        HBox bottom = new HBox(status);
        bottom.getStyleClass().add("status-bar");
        BorderPane root = new BorderPane(split, new VBox(bar, hostChecks), null, bottom, null);
        Scene scene = new Scene(root, 1320, 660);
        scene.getStylesheets().setAll(stylesheets);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), this::load);
        stage.setScene(scene);
    }

    public void show() {
        stage.show();
        load();
        followChanges();
    }

    /** Until the window closes, the cards are read again after a device or a VM definition changes. */
    private void followChanges() {
        if (changes != null) {
            return;
        }
        changes = new GpuChangeWatch(connection, GpuChangeWatch.DELAY, Platform::runLater, why -> {
            if (stage.isShowing()) {
                load(why);
            }
        });
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> {
            if (changes != null) {
                changes.close();
                changes = null;
            }
        });
    }

    public Stage stage() {
        return stage;
    }

    /** Reads the host's readiness and cards off the FX thread, and shows them. */
    public void load() {
        load(null);
    }

    /** {@code why}: read again by itself after a change ("after a device change"), said in the status with the time. */
    private void load(String why) {
        if (why == null) {
            error = null;
        }
        if (error == null) {
            status.setText("Reading the graphics cards…");
        }
        connection.gpus().readiness().whenComplete((r, failure) -> Platform.runLater(() -> {
            if (failure != null) {
                VirtException e = VirtException.wrap("Could not read the graphics cards", failure);
                status.setText(e.userMessage());
                return;
            }
            readiness = r;
            String selected = table.getSelectionModel().getSelectedItem() == null ? null
                    : table.getSelectionModel().getSelectedItem().gpu().name();
            table.getItems().setAll(r.cards());
            r.cards().stream().filter(c -> c.gpu().name().equals(selected)).findFirst()
                    .ifPresent(c -> table.getSelectionModel().select(c));
            hostChecks.getChildren().setAll(new Label(connection.uri().displayName() + (r.hostReady()
                    ? ": ready for GPU pass-through" : ": not ready for GPU pass-through")));
            hostChecks.getChildren().get(0).getStyleClass().add("gpu-heading");
            r.host().forEach(c -> hostChecks.getChildren().add(checkRow(c)));
            if (error != null) {
                return; // a read after a change on the host does not hide why the user's last action failed
            }
            status.setText(r.cards().size() + (r.cards().size() == 1 ? " graphics card" : " graphics cards")
                    + (why == null ? "" : " · updated " + why + " at "
                            + java.time.LocalTime.now().format(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss"))));
        }));
    }

    /** The failure of what the user asked for: in the status until the next action or Refresh, and in a dialog. */
    private void failed(VirtException e) {
        error = e.userMessage();
        status.setText(e.userMessage());
        dialogs.showError(e.userMessage(), e.details());
    }

    private void showCard(GpuReadiness.CardChecks card) {
        detach.setDisable(card == null);
        reattach.setDisable(card == null);
        reset.setDisable(card == null);
        createVgpu.setDisable(card == null || card.gpu().mdevTypes().stream().noneMatch(t -> t.available() > 0));
        if (card == null) {
            cardChecks.getChildren().setAll(new Label("Select a card to see its checks."));
            return;
        }
        HostGpus.Gpu g = card.gpu();
        Label title = new Label(g.device().address() + "  " + g.device().product() + (g.functions().isEmpty() ? ""
                : "  +  " + String.join(", ", g.functions().stream().map(f -> f.address() + " " + f.product()).toList())));
        title.getStyleClass().add("gpu-heading");
        cardChecks.getChildren().setAll(title);
        card.checks().forEach(c -> cardChecks.getChildren().add(checkRow(c)));
        g.mdevs().forEach(m -> cardChecks.getChildren().add(vgpuRow(g, m)));
    }

    /** A vGPU made from the card: who uses it, and taking it from its VM or removing it when unused. */
    private HBox vgpuRow(HostGpus.Gpu card, HostGpus.Mdev m) {
        Label text = new Label("vGPU " + m.uuid() + " (" + m.typeId() + ")"
                + (m.usedBy().isEmpty() ? ", unused" : ", used by " + String.join(", ", m.usedBy())));
        Button action = m.usedBy().isEmpty() ? new Button("Remove vGPU…") : new Button("Take from " + String.join(", ", m.usedBy()) + "…");
        action.setId((m.usedBy().isEmpty() ? "gpu-vgpu-remove-" : "gpu-vgpu-take-") + m.uuid());
        action.getStyleClass().add("small");
        action.setOnAction(e -> {
            if (m.usedBy().isEmpty()) {
                removeVgpu(card, m);
            } else {
                takeVgpu(card, m);
            }
        });
        HBox row = new HBox(8, text, action);
        row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return row;
    }

    /**
     * Takes the vGPU out of its VMs' definitions (they must be shut off), then offers to remove it
     * from the host too, which frees an instance of its type.
     */
    private void takeVgpu(HostGpus.Gpu card, HostGpus.Mdev m) {
        List<dev.vireo.bridge.model.VirtualMachine> vms = connection.domains().snapshot().stream()
                .filter(vm -> m.usedBy().contains(vm.name())).toList();
        String names = String.join(", ", m.usedBy().stream().map(n -> "“" + n + "”").toList());
        List<String> running = vms.stream().filter(dev.vireo.bridge.model.VirtualMachine::active)
                .map(dev.vireo.bridge.model.VirtualMachine::name).toList();
        if (!running.isEmpty()) {
            dialogs.showError("“" + running.get(0) + "” is running: shut it down first, then take the vGPU from it.",
                    "vGPU " + m.uuid() + " used by running " + running);
            return;
        }
        if (!dialogs.confirm("Take the vGPU", "Take the vGPU " + m.uuid() + " from " + names + "?",
                "Its hostdev goes from the definition; nothing else in the VM changes.", "Take It")) {
            return;
        }
        error = null;
        status.setText("Taking the vGPU from " + names + "…");
        dev.vireo.app.gpu.Vgpus.takeFrom(connection, vms, m.uuid()).whenComplete((ok, failure) -> Platform.runLater(() -> {
            if (failure != null) {
                VirtException e = VirtException.wrap("Could not take the vGPU from " + names, failure);
                load(); // some VMs may have let it go
                failed(e);
                return;
            }
            load();
            if (dialogs.confirm("Remove the vGPU", "Also remove the vGPU " + m.uuid() + " from the host?", "No VM uses it any"
                    + " more. Removing it frees one " + m.typeId() + " instance on " + card.device().address() + "; kept, it can"
                    + " be given to another VM.", "Remove vGPU")) {
                removeNow(m);
            }
        }));
    }

    private void removeVgpu(HostGpus.Gpu card, HostGpus.Mdev m) {
        if (dialogs.confirm("Remove the vGPU", "Remove the vGPU " + m.uuid() + " from the host?", "No VM uses it. Removing it"
                + " frees one " + m.typeId() + " instance on " + card.device().address() + ".", "Remove vGPU")) {
            removeNow(m);
        }
    }

    private void removeNow(HostGpus.Mdev m) {
        error = null;
        status.setText("Removing the vGPU " + m.uuid() + "…");
        connection.gpus().removeMdevByUuid(m.uuid()).whenComplete((ok, failure) -> Platform.runLater(() -> {
            if (failure != null) {
                VirtException e = VirtException.wrap("Could not remove the vGPU " + m.uuid(), failure);
                failed(e);
                return;
            }
            load();
        }));
    }

    private static HBox checkRow(GpuReadiness.Check c) {
        FontIcon icon = new FontIcon(switch (c.verdict()) {
            case OK -> Material2AL.CHECK_CIRCLE;
            case WARNING -> Material2MZ.WARNING;
            case PROBLEM -> Material2AL.ERROR;
            case ASK_HOST -> Material2AL.HELP_OUTLINE;
        });
        icon.getStyleClass().add("gpu-" + c.verdict().id());
        Label text = new Label(c.title() + ": " + c.finding() + (c.fix().isEmpty() ? "" : "  Fix: " + c.fix()));
        text.setWrapText(true);
        HBox row = new HBox(8, icon, text);
        row.getStyleClass().add("gpu-check");
        return row;
    }

    /** A vGPU of a type the selected card has free instances of: persistent, started now and with the host. */
    private void createVgpu() {
        GpuReadiness.CardChecks card = table.getSelectionModel().getSelectedItem();
        if (card == null) {
            return;
        }
        List<String> types = card.gpu().mdevTypes().stream().filter(t -> t.available() > 0)
                .map(t -> t.id() + " — " + t.name() + " (" + t.available() + " free)").toList();
        if (types.isEmpty()) {
            return;
        }
        javafx.scene.control.ChoiceDialog<String> choice = new javafx.scene.control.ChoiceDialog<>(types.get(0), types);
        choice.initOwner(stage);
        choice.setTitle("Create a vGPU");
        choice.setHeaderText("A vGPU on " + card.gpu().device().address() + " " + card.gpu().device().product()
                + ". It stays after the host restarts; give it to a VM with vireo gpu mdev create --vm or by its UUID.");
        choice.setContentText("Type:");
        choice.getDialogPane().setId("gpu-vgpu-dialog");
        choice.showAndWait().ifPresent(picked -> {
            String type = picked.substring(0, picked.indexOf(' '));
            act("Creating a " + type + " vGPU on", g -> connection.gpus().createMdev(g.name(), type).thenApply(uuid -> null));
        });
    }

    private void act(String doing, Function<HostGpus.Gpu, CompletableFuture<Void>> action) {
        GpuReadiness.CardChecks card = table.getSelectionModel().getSelectedItem();
        if (card == null) {
            return;
        }
        error = null;
        status.setText(doing + " " + card.gpu().name() + "…");
        action.apply(card.gpu()).whenComplete((ok, failure) -> Platform.runLater(() -> {
            if (failure != null) {
                VirtException e = VirtException.wrap(doing + " failed", failure);
                failed(e);
                return;
            }
            load();
        }));
    }

    private static TableColumn<GpuReadiness.CardChecks, String> column(String title, double width,
            Function<GpuReadiness.CardChecks, String> value) {
        TableColumn<GpuReadiness.CardChecks, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(value.apply(f.getValue())));
        return c;
    }
}
