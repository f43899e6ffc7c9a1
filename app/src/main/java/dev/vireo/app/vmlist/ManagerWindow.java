package dev.vireo.app.vmlist;

import dev.vireo.app.AppContext;
import dev.vireo.app.common.DialogService;
import dev.vireo.app.console.VmWindow;
import dev.vireo.app.common.FxDialogService;
import dev.vireo.app.common.FxPrompter;
import dev.vireo.app.hosts.ConnectionsDialog;
import dev.vireo.app.newvm.wizard.NewVmWizard;
import dev.vireo.app.prefs.Settings;
import dev.vireo.app.prefs.Theme;
import dev.vireo.bridge.HostUri;
import dev.vireo.bridge.VirtException;
import dev.vireo.bridge.model.VirtualMachine;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TreeItem;
import javafx.scene.image.Image;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager window: menu, toolbar with the VM actions and the filter, the VM table of every
 * open connection, and a status bar. Only renders and reacts; all libvirt work happens in the
 * bridge on each connection's thread.
 */
public final class ManagerWindow {

    private static final Logger LOG = LoggerFactory.getLogger(ManagerWindow.class);

    private final Stage stage;
    private final AppContext context;
    private final DialogService dialogs;
    private final FxPrompter prompter;
    private final VmListModel model;
    private final VmTable table;
    private final VmActions actions;
    private final ManagerControls controls;
    private static final javafx.css.PseudoClass DARK = javafx.css.PseudoClass.getPseudoClass("dark");
    private final StatusBar statusBar;
    private boolean visibleRowsDirty = true;
    private Theme theme;
    private ContextMenu vmContextMenu;
    private final java.util.Map<ConnectionRow, ContextMenu> connectionMenus = new java.util.WeakHashMap<>();

    public ManagerWindow(Stage stage, AppContext context) {
        this.stage = stage;
        this.context = context;
        this.dialogs = new FxDialogService(stage);
        this.prompter = new FxPrompter(() -> dialogs, context::keyring);
        context.connections().setPrompter(prompter);
        this.theme = context.settings().theme();
        // Before the first control exists: otherwise JavaFX loads its own Modena stylesheet first,
        // only to have it replaced (~30 ms of the FX thread at start-up).
        Application.setUserAgentStylesheet(theme.userAgentStylesheet());
        this.model = new VmListModel(context.connections());
        this.table = new VmTable(model);
        this.actions = new VmActions(dialogs);
        this.statusBar = new StatusBar(model, actions);
        this.controls = new ManagerControls(actions, model, table, new ManagerControls.Window() {
            @Override
            public void addConnection() {
                connectionsDialog().showAdding();
            }

            @Override
            public void newVm() {
                openNewVmWizard();
            }

            @Override
            public void manageConnections() {
                connectionsDialog().show();
            }

            @Override
            public void quit() {
                stage.close();
            }

            @Override
            public void toggleTheme() {
                applyTheme(theme.other());
            }
        });

        BorderPane root = new BorderPane();
        root.setId("manager-root");
        root.setTop(new VBox(controls.menuBar(), controls.topBar()));
        root.setCenter(table.control());
        root.setBottom(statusBar.node());

        var selected = table.control().getSelectionModel().getSelectedItems();
        selected.addListener((ListChangeListener<Object>) c -> selectionChanged());
        model.countsProperty().addListener((o, a, b) -> actions.refresh()); // a selected VM may have changed state
        model.setOnConnectionStatus(() -> {
            table.control().refresh(); // rows of a disconnected host are greyed
            actions.refresh();
        });
        table.control().setRowFactory(t -> new VmTableRow(this));
        table.control().addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER && !e.isShortcutDown() && !e.isAltDown()) {
                openSelectedConsoles();
                e.consume();
            }
        });
        table.restoreWidths(context.settings());

        Scene scene = new Scene(root, 1100, 680);
        scene.getStylesheets().add(ManagerWindow.class.getResource("/dev/vireo/app/vireo.css").toExternalForm());
        stage.setScene(scene);
        stage.setTitle("Vireo");
        // The window's icon waits a second: decoding it costs ~50 ms, and JavaFX then scales it
        // to 128 px on the FX thread (~20 ms, even from 128 px), both better spent after the
        // list is on screen.
        CompletableFuture.supplyAsync(ManagerWindow::loadIcon, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS))
                .thenAccept(icon -> Platform.runLater(() -> stage.getIcons().setAll(icon)));
        restoreGeometry();
        root.pseudoClassStateChanged(DARK, theme == Theme.DARK);
        stage.setOnHidden(e -> saveState());

        // Which rows are on screen is worked out after a layout pass, and only when something
        // that moves rows happened (scroll, resize, rows added or removed, sort, expand): no
        // timer, so an idle window costs nothing here.
        table.onVisibleRowsMayChange(this::visibleRowsMayChange);
        stage.iconifiedProperty().addListener((o, a, b) -> visibleRowsMayChange());
        scene.addPostLayoutPulseListener(() -> {
            if (visibleRowsDirty) {
                visibleRowsDirty = false;
                updateVisibleRows();
            }
        });
    }

    /** JavaFX on Linux gives the window manager one icon, of 128 px, whatever it is offered. */
    private static List<Image> loadIcon() {
        var icon = ManagerWindow.class.getResource("/dev/vireo/app/icons/vireo-128.png");
        return icon == null ? List.of() : List.of(new Image(icon.toExternalForm()));
    }

    public void show() {
        stage.show();
        table.control().requestFocus();
    }

    /** Runs {@code action} once every connection opened so far has listed its VMs or failed. */
    public void whenAllListed(Runnable action) {
        javafx.beans.value.ChangeListener<Number> check = new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Number> o, Number was, Number now) {
                if (now.intValue() >= model.connectionCount()) {
                    model.settledConnectionsProperty().removeListener(this);
                    action.run();
                }
            }
        };
        model.settledConnectionsProperty().addListener(check);
        if (model.connectionCount() > 0 && model.settledConnectionsProperty().get() >= model.connectionCount()) {
            model.settledConnectionsProperty().removeListener(check);
            action.run();
        }
    }

    /** Opens a connection; a bad URI or a failed connect is shown, the window stays usable. */
    public void connect(String uri) {
        try {
            reportFailures(context.connections().open(uri));
        } catch (VirtException e) {
            reportConnectFailure(e);
        }
    }

    /** Shows the error when {@code opening} fails; the connection's header shows it too. */
    public void reportFailures(java.util.concurrent.CompletableFuture<Void> opening) {
        opening.whenComplete((ok, failure) -> {
            VirtException e = failure == null ? null : VirtException.wrap("Could not connect", failure);
            if (e != null && !e.isCancelled()) { // the user cancelled or closed it: nothing to report
                Platform.runLater(() -> reportConnectFailure(e));
            }
        });
    }

    public void reportConnectFailure(VirtException e) {
        LOG.warn("{} ({})", e.userMessage(), e.details());
        dialogs.showError(e.userMessage(), e.details());
    }

    private void visibleRowsMayChange() {
        visibleRowsDirty = true;
        Platform.requestNextPulse();
    }

    /** Tells the samplers which VMs are on screen; none while the window is minimized or hidden. */
    private void updateVisibleRows() {
        model.setVisible(stage.isShowing() && !stage.isIconified() ? table.visibleRows() : List.of());
    }

    private void selectionChanged() {
        actions.selectionChanged(table.control().getSelectionModel().getSelectedItems().stream()
                .filter(java.util.Objects::nonNull).map(javafx.scene.control.TreeItem::getValue).toList());
        statusBar.setSelected(actions.selectedCount());
    }

    private ConnectionsDialog connections;

    /** The names of the connections the table shows, in order (FX thread). */
    public List<String> connectionNames() {
        return model.root().getChildren().stream().map(g -> ((ConnectionRow) g.getValue()).displayName()).toList();
    }

    /** The VM names shown under the connection {@code name} (FX thread). */
    public List<String> vmNames(String connection) {
        return model.root().getChildren().stream().filter(g -> ((ConnectionRow) g.getValue()).displayName().equals(connection))
                .flatMap(g -> g.getChildren().stream()).map(i -> ((VmRow) i.getValue()).vm().name()).toList();
    }

    /** The state shown in the header of the connection {@code name}, or null (FX thread). */
    public dev.vireo.bridge.ConnectionState connectionState(String connection) {
        return model.root().getChildren().stream().map(g -> (ConnectionRow) g.getValue())
                .filter(c -> c.displayName().equals(connection)).map(c -> c.status().state()).findFirst().orElse(null);
    }

    /**
     * Opens the new-VM wizard for the host of the selected row (or the first connected host);
     * each call opens a fresh wizard.
     */
    public NewVmWizard openNewVmWizard() {
        TreeItem<TableEntry> item = table.control().getSelectionModel().getSelectedItem();
        String preferred = null;
        if (item != null && item.getValue() instanceof VmRow row) {
            preferred = row.connection().entry().connection().id();
        } else if (item != null && item.getValue() instanceof ConnectionRow row) {
            preferred = row.entry().connection().id();
        }
        NewVmWizard wizard = new NewVmWizard(stage, context, dialogs, preferred, this::style,
                (connection, uuid) -> LOG.debug("new VM {} on {}", uuid, connection));
        wizard.show();
        return wizard;
    }

    /** Gives a window of ours the manager's stylesheet and theme. */
    private void style(Scene scene) {
        scene.getStylesheets().add(ManagerWindow.class.getResource("/dev/vireo/app/vireo.css").toExternalForm());
        scene.getRoot().pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("dark"), theme == Theme.DARK);
    }

    private final java.util.Map<String, VmWindow> vmWindows = new java.util.HashMap<>();

    /** Opens (or brings to the front) the window of {@code row}'s VM on its Console tab. */
    public VmWindow openConsole(VmRow row) {
        VirtualMachine vm = row.vm();
        VmWindow w = vmWindows.get(vm.key());
        if (w == null || !w.stage().isShowing()) {
            w = new VmWindow(stage, row.connection().entry().connection(), vm, dialogs, this::style, context::tunnels);
            vmWindows.put(vm.key(), w);
        }
        w.showConsole();
        return w;
    }

    /** The table's row of the VM named {@code name} (FX thread). */
    public java.util.Optional<VmRow> rowOf(String name) {
        return model.root().getChildren().stream().flatMap(g -> g.getChildren().stream()).map(TreeItem::getValue)
                .filter(VmRow.class::isInstance).map(VmRow.class::cast).filter(r -> r.vm().name().equals(name)).findFirst();
    }

    /** Opens the consoles of the selected VMs (Enter in the table). */
    private void openSelectedConsoles() {
        table.control().getSelectionModel().getSelectedItems().stream().filter(java.util.Objects::nonNull)
                .map(TreeItem::getValue).filter(VmRow.class::isInstance).map(VmRow.class::cast).limit(8)
                .forEach(this::openConsole);
    }

    /** The connections dialog, made when first asked for. */
    public ConnectionsDialog connectionsDialog() {
        if (connections == null) {
            connections = new ConnectionsDialog(stage, context, prompter, (uri, name) -> {
                try {
                    HostUri resolved = HostUri.resolve(uri, context.demoHost());
                    reportFailures(context.connections().open(name == null ? resolved : new HostUri(resolved.uri(), name)));
                } catch (VirtException e) {
                    reportConnectFailure(e);
                }
            });
        }
        return connections;
    }

    private void applyTheme(Theme t) {
        theme = t;
        Application.setUserAgentStylesheet(t.userAgentStylesheet());
        stage.getScene().getRoot().pseudoClassStateChanged(DARK, t == Theme.DARK);
        context.settings().setTheme(t);
    }

    private void restoreGeometry() {
        context.settings().window().ifPresent(g -> {
            boolean onScreen = Screen.getScreens().stream()
                    .anyMatch(s -> s.getVisualBounds().intersects(new Rectangle2D(g.x(), g.y(), g.width(), g.height())));
            stage.setWidth(Math.max(640, g.width()));
            stage.setHeight(Math.max(400, g.height()));
            if (onScreen) {
                stage.setX(g.x());
                stage.setY(g.y());
            }
            stage.setMaximized(g.maximized());
        });
    }

    private void saveState() {
        model.setVisible(List.of());
        Settings s = context.settings();
        if (!stage.isMaximized()) {
            s.setWindow(new Settings.WindowGeometry(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), false));
        } else {
            s.window().ifPresent(g -> s.setWindow(new Settings.WindowGeometry(g.x(), g.y(), g.width(), g.height(), true)));
        }
        table.saveWidths(s);
        context.saveSettings();
    }

    /** The context menu of one row: VM actions for VMs, reconnect/close for connection headers. */
    ContextMenu contextMenuFor(TableEntry entry) {
        if (entry instanceof VmRow) {
            if (vmContextMenu == null) {
                vmContextMenu = new ContextMenu();
                vmContextMenu.setId("vm-context-menu");
                MenuItem console = new MenuItem("Open Console", new FontIcon(Material2MZ.PERSONAL_VIDEO));
                console.setId("context-open-console");
                console.setOnAction(e -> openSelectedConsoles());
                MenuItem gpu = new MenuItem("Graphics Card or vGPU…", new FontIcon(Material2MZ.MEMORY));
                gpu.setId("context-passthrough");
                gpu.setOnAction(e -> selectedVmRow().ifPresent(this::openPassthrough));
                vmContextMenu.setOnShowing(e -> gpu.setDisable(selectedVmRow().map(r -> r.vm().active()).orElse(true)));
                vmContextMenu.getItems().addAll(console, gpu, new SeparatorMenuItem());
                for (VmAction a : VmAction.values()) {
                    vmContextMenu.getItems().add(controls.contextItem(a));
                }
            }
            return vmContextMenu;
        }
        return connectionMenus.computeIfAbsent((ConnectionRow) entry, this::connectionMenu);
    }

    /** The one VM selected, if exactly one is. */
    private java.util.Optional<VmRow> selectedVmRow() {
        var rows = table.control().getSelectionModel().getSelectedItems().stream().filter(java.util.Objects::nonNull)
                .map(TreeItem::getValue).filter(VmRow.class::isInstance).map(VmRow.class::cast).toList();
        return rows.size() == 1 ? java.util.Optional.of(rows.get(0)) : java.util.Optional.empty();
    }

    /** Passing a graphics card through to {@code row}'s VM (shut off). */
    public dev.vireo.app.gpu.view.PassthroughDialog openPassthrough(VmRow row) {
        var d = new dev.vireo.app.gpu.view.PassthroughDialog(stage, row.connection().entry().connection(), row.vm(), dialogs,
                stage.getScene().getStylesheets());
        d.show();
        return d;
    }

    /** The graphics cards of a connection's host, in a window of their own (one per host). */
    public dev.vireo.app.gpu.view.GpuWindow openGpus(dev.vireo.app.connections.ConnectionManager.Entry entry) {
        var existing = gpuWindows.get(entry);
        if (existing != null && existing.stage().isShowing()) {
            existing.stage().toFront();
            return existing;
        }
        var w = new dev.vireo.app.gpu.view.GpuWindow(entry.connection(), dialogs, stage.getScene().getStylesheets());
        w.stage().getIcons().setAll(stage.getIcons());
        gpuWindows.put(entry, w);
        w.show();
        return w;
    }

    private final java.util.Map<dev.vireo.app.connections.ConnectionManager.Entry, dev.vireo.app.gpu.view.GpuWindow> gpuWindows =
            new java.util.WeakHashMap<>();

    /** Reconnect, the error's details, close: one menu per connection, built when first needed. */
    private ContextMenu connectionMenu(ConnectionRow c) {
        MenuItem reconnect = new MenuItem("Reconnect", new FontIcon(Material2MZ.REFRESH));
        reconnect.setOnAction(e -> reportFailures(context.connections().reconnect(c.entry())));
        MenuItem details = new MenuItem("Show Error Details");
        details.setOnAction(e -> dialogs.showError(c.status().error().userMessage(), c.status().error().details()));
        MenuItem close = new MenuItem("Close Connection", new FontIcon(Material2AL.LINK_OFF));
        close.setOnAction(e -> context.connections().remove(c.entry()));
        MenuItem gpus = new MenuItem("Graphics Cards…", new FontIcon(Material2MZ.MEMORY));
        gpus.setId("context-gpus");
        gpus.setOnAction(e -> openGpus(c.entry()));
        ContextMenu menu = new ContextMenu(reconnect, details, new SeparatorMenuItem(), gpus, new SeparatorMenuItem(), close);
        menu.setOnShowing(e -> {
            details.setDisable(c.status().error() == null);
            gpus.setDisable(c.status().state() != dev.vireo.bridge.ConnectionState.CONNECTED);
            close.setText(c.status().state() == dev.vireo.bridge.ConnectionState.CONNECTING
                    ? "Cancel Connecting" : "Close Connection");
        });
        return menu;
    }
}
