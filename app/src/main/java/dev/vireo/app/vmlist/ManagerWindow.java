package dev.vireo.app.vmlist;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.theme.Styles;
import dev.vireo.app.AppContext;
import dev.vireo.app.common.DialogService;
import dev.vireo.app.common.FxDialogService;
import dev.vireo.app.prefs.Settings;
import dev.vireo.app.prefs.Theme;
import dev.vireo.bridge.VirtException;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.geometry.Orientation;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitMenuButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
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
    private final VmListModel model;
    private final VmTable table;
    private final VmActions actions;
    private final CustomTextField filter = new CustomTextField();
    private final StatusBar statusBar;
    private boolean visibleRowsDirty = true;
    private Theme theme;
    private ContextMenu vmContextMenu;

    public ManagerWindow(Stage stage, AppContext context) {
        this.stage = stage;
        this.context = context;
        this.dialogs = new FxDialogService(stage);
        this.model = new VmListModel(context.connections());
        this.table = new VmTable(model);
        this.actions = new VmActions(dialogs);
        this.statusBar = new StatusBar(model, actions);
        this.theme = context.settings().theme();

        BorderPane root = new BorderPane();
        root.setId("manager-root");
        root.setTop(new VBox(menuBar(), topBar()));
        root.setCenter(table.control());
        root.setBottom(statusBar.node());

        var selected = table.control().getSelectionModel().getSelectedItems();
        selected.addListener((ListChangeListener<Object>) c -> selectionChanged());
        model.countsProperty().addListener((o, a, b) -> actions.refresh()); // a selected VM may have changed state
        table.control().setRowFactory(t -> new VmTableRow(this));
        table.restoreWidths(context.settings());

        Scene scene = new Scene(root, 1100, 680);
        scene.getStylesheets().add(ManagerWindow.class.getResource("/dev/vireo/app/vireo.css").toExternalForm());
        stage.setScene(scene);
        stage.setTitle("Vireo");
        for (int size : new int[] {16, 32, 48, 64, 128, 256}) {
            var icon = ManagerWindow.class.getResource("/dev/vireo/app/icons/vireo-" + size + ".png");
            if (icon != null) {
                stage.getIcons().add(new Image(icon.toExternalForm()));
            }
        }
        restoreGeometry();
        applyTheme(theme);
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
            if (failure != null) {
                Platform.runLater(() -> reportConnectFailure(VirtException.wrap("Could not connect", failure)));
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
        model.setVisible(stage.isShowing() && !stage.isIconified() ? table.visibleRows() : java.util.List.of());
    }

    DialogService dialogs() {
        return dialogs;
    }

    VmActions actions() {
        return actions;
    }

    AppContext context() {
        return context;
    }

    private void selectionChanged() {
        actions.selectionChanged(table.control().getSelectionModel().getSelectedItems().stream()
                .filter(java.util.Objects::nonNull).map(javafx.scene.control.TreeItem::getValue).toList());
        statusBar.setSelected(actions.selectedCount());
    }

    private MenuBar menuBar() {
        MenuItem connect = new MenuItem("Add Connection…", new FontIcon(Material2AL.ADD));
        connect.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        connect.setOnAction(e -> askConnect());
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        quit.setOnAction(e -> stage.close());
        Menu file = new Menu("_File", null, connect, new SeparatorMenuItem(), quit);

        Menu vm = new Menu("_Virtual Machine");
        for (VmAction a : VmAction.values()) {
            vm.getItems().add(actionItem(a));
            if (a == VmAction.FORCE_OFF || a == VmAction.SAVE) {
                vm.getItems().add(new SeparatorMenuItem());
            }
        }
        MenuItem selectAll = new MenuItem("Select All");
        selectAll.setAccelerator(new KeyCodeCombination(KeyCode.A, KeyCombination.SHORTCUT_DOWN));
        selectAll.setOnAction(e -> table.control().getSelectionModel().selectAll());
        vm.getItems().addAll(new SeparatorMenuItem(), selectAll);

        MenuItem find = new MenuItem("Filter", new FontIcon(Material2MZ.SEARCH));
        find.setAccelerator(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN));
        find.setOnAction(e -> filter.requestFocus());
        MenuItem toggleTheme = new MenuItem("Toggle Dark Theme", new FontIcon(Material2AL.BRIGHTNESS_4));
        toggleTheme.setAccelerator(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        toggleTheme.setOnAction(e -> applyTheme(theme.other()));
        Menu view = new Menu("Vie_w", null, find, toggleTheme);

        MenuBar bar = new MenuBar(file, vm, view);
        bar.setId("menu-bar");
        return bar;
    }

    MenuItem actionItem(VmAction a) {
        MenuItem item = new MenuItem(a.label(), new FontIcon(a.icon()));
        item.setId("menu-" + a.name().toLowerCase(java.util.Locale.ROOT));
        item.setAccelerator(a.accelerator());
        item.disableProperty().bind(actions.enabledProperty(a).not());
        item.setOnAction(e -> actions.run(a));
        return item;
    }

    private ToolBar toolBar() {
        ToolBar bar = new ToolBar();
        bar.setId("tool-bar");
        Button connect = new Button(null, new FontIcon(Material2AL.ADD));
        connect.setTooltip(new Tooltip("Add a connection (Ctrl+O)"));
        connect.setOnAction(e -> askConnect());
        connect.getStyleClass().add(Styles.BUTTON_ICON);
        bar.getItems().add(connect);
        bar.getItems().add(new Separator(Orientation.VERTICAL));
        bar.getItems().addAll(actionButton(VmAction.START), actionButton(VmAction.PAUSE),
                actionButton(VmAction.RESUME), shutdownButton(), new Separator(Orientation.VERTICAL),
                actionButton(VmAction.DELETE));
        return bar;
    }

    /** The toolbar, and beside it (never in its overflow menu) the filter and the theme switch. */
    private HBox topBar() {
        ToolBar bar = toolBar();
        HBox.setHgrow(bar, Priority.ALWAYS);
        bar.setMinWidth(120);
        filter.setId("filter-field");
        filter.setPromptText("Filter by name or state (Ctrl+F)");
        filter.setLeft(new FontIcon(Material2MZ.SEARCH));
        filter.setPrefWidth(260);
        filter.textProperty().addListener((o, a, text) -> model.filterProperty().set(new VmFilter(text)));
        filter.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                filter.clear();
                table.control().requestFocus();
            } else if (e.getCode() == KeyCode.DOWN || e.getCode() == KeyCode.ENTER) {
                table.control().requestFocus();
                if (table.control().getSelectionModel().isEmpty()) {
                    table.control().getSelectionModel().select(1);
                }
            }
        });
        Button themeButton = new Button(null, new FontIcon(Material2AL.BRIGHTNESS_4));
        themeButton.setId("theme-button");
        themeButton.setTooltip(new Tooltip("Light or dark theme (Ctrl+Shift+T)"));
        themeButton.getStyleClass().add(Styles.BUTTON_ICON);
        themeButton.setOnAction(e -> applyTheme(theme.other()));
        filter.setMinWidth(140);
        HBox right = new HBox(6, filter, themeButton);
        right.setAlignment(javafx.geometry.Pos.CENTER_RIGHT);
        right.getStyleClass().add("top-bar-right");
        HBox top = new HBox(bar, right);
        top.getStyleClass().add("top-bar");
        return top;
    }

    private Button actionButton(VmAction a) {
        Button b = new Button(a.label().replace("…", ""), new FontIcon(a.icon()));
        b.setId(buttonId(a));
        b.setTooltip(new Tooltip(a.verb() + " the selected virtual machines (" + a.accelerator().getDisplayText() + ")"));
        b.disableProperty().bind(actions.enabledProperty(a).not());
        b.setOnAction(e -> actions.run(a));
        b.setFocusTraversable(false);
        return b;
    }

    /** Shut Down, with Reboot, Force Off and Save in its drop-down, as virt-manager users expect. */
    private SplitMenuButton shutdownButton() {
        SplitMenuButton b = new SplitMenuButton();
        b.setText(VmAction.SHUTDOWN.label());
        b.setGraphic(new FontIcon(VmAction.SHUTDOWN.icon()));
        b.setId(buttonId(VmAction.SHUTDOWN));
        b.setTooltip(new Tooltip("Shut down the selected virtual machines ("
                + VmAction.SHUTDOWN.accelerator().getDisplayText() + "); more in the menu"));
        b.setOnAction(e -> actions.run(VmAction.SHUTDOWN));
        b.setFocusTraversable(false);
        for (VmAction a : new VmAction[] {VmAction.SHUTDOWN, VmAction.REBOOT, VmAction.FORCE_OFF, VmAction.SAVE}) {
            MenuItem item = new MenuItem(a.label(), new FontIcon(a.icon()));
            item.setId(buttonId(a) + "-item");
            item.disableProperty().bind(actions.enabledProperty(a).not());
            item.setOnAction(e -> actions.run(a));
            b.getItems().add(item);
        }
        // Enabled when any of its actions is: the arrow stays usable for Force Off on a paused VM.
        b.disableProperty().bind(actions.enabledProperty(VmAction.SHUTDOWN).not()
                .and(actions.enabledProperty(VmAction.REBOOT).not())
                .and(actions.enabledProperty(VmAction.FORCE_OFF).not())
                .and(actions.enabledProperty(VmAction.SAVE).not()));
        return b;
    }

    private static String buttonId(VmAction a) {
        return a.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-button";
    }

    private void askConnect() {
        String uri = dialogs.ask("Add Connection", "Connect to a libvirt host",
                "qemu:///system");
        if (uri != null) {
            connect(uri);
        }
    }

    private void applyTheme(Theme t) {
        theme = t;
        Application.setUserAgentStylesheet(t.userAgentStylesheet());
        stage.getScene().getRoot().pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("dark"), t == Theme.DARK);
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
        model.setVisible(java.util.List.of());
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
                for (VmAction a : VmAction.values()) {
                    vmContextMenu.getItems().add(actionItem(a));
                }
            }
            return vmContextMenu;
        }
        ContextMenu menu = new ContextMenu();
        if (entry instanceof ConnectionRow c) {
            MenuItem reconnect = new MenuItem("Reconnect", new FontIcon(Material2MZ.REFRESH));
            reconnect.setOnAction(e -> context.connections().reconnect(c.entry()).whenComplete((ok, failure) -> {
                if (failure != null) {
                    VirtException ve = VirtException.wrap("Could not reconnect", failure);
                    Platform.runLater(() -> dialogs.showError(ve.userMessage(), ve.details()));
                }
            }));
            MenuItem details = new MenuItem("Show Error Details");
            details.setDisable(c.status().error() == null);
            details.setOnAction(e -> dialogs.showError(c.status().error().userMessage(), c.status().error().details()));
            MenuItem close = new MenuItem("Close Connection", new FontIcon(Material2AL.LINK_OFF));
            close.setOnAction(e -> context.connections().remove(c.entry()));
            menu.getItems().addAll(reconnect, details, new SeparatorMenuItem(), close);
        }
        return menu;
    }
}
