package dev.vireo.app.vmlist;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.theme.Styles;
import dev.vireo.app.common.Tooltips;
import java.util.Locale;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitMenuButton;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The manager window's menu bar, toolbar and filter field. Every VM action appears here with
 * its shortcut and is enabled by {@link VmActions} from the selection.
 */
final class ManagerControls {

    /** What the controls ask of the window. */
    interface Window {
        void addConnection();

        void newVm();

        void manageConnections();

        void quit();

        void toggleTheme();
    }

    private final VmActions actions;
    private final VmListModel model;
    private final VmTable table;
    private final Window window;
    private final CustomTextField filter = new CustomTextField();

    ManagerControls(VmActions actions, VmListModel model, VmTable table, Window window) {
        this.actions = actions;
        this.model = model;
        this.table = table;
        this.window = window;
    }

    MenuBar menuBar() {
        MenuItem connect = new MenuItem("Add Connection…", new FontIcon(Material2AL.ADD));
        connect.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        connect.setOnAction(e -> window.addConnection());
        MenuItem newVm = new MenuItem("New Virtual Machine…", new FontIcon(Material2AL.ADD_TO_QUEUE));
        newVm.setId("menu-new-vm");
        newVm.setAccelerator(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN));
        newVm.setOnAction(e -> window.newVm());
        MenuItem manage = new MenuItem("Connections…", new FontIcon(Material2AL.DNS));
        manage.setId("menu-connections");
        manage.setAccelerator(new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        manage.setOnAction(e -> window.manageConnections());
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        quit.setOnAction(e -> window.quit());
        Menu file = new Menu("_File", null, newVm, new SeparatorMenuItem(), connect, manage, new SeparatorMenuItem(), quit);

        Menu vm = new Menu("_Virtual Machine");
        for (VmAction a : VmAction.values()) {
            vm.getItems().add(actionItem(a));
            if (a == VmAction.FORCE_OFF || a == VmAction.SAVE) {
                vm.getItems().add(new SeparatorMenuItem());
            }
        }
        MenuItem selectAll = new MenuItem("Select All");
        selectAll.setAccelerator(new KeyCodeCombination(KeyCode.A, KeyCombination.SHORTCUT_DOWN));
        selectAll.setOnAction(e -> table.selectAll());
        vm.getItems().addAll(new SeparatorMenuItem(), selectAll);

        MenuItem find = new MenuItem("Filter", new FontIcon(Material2MZ.SEARCH));
        find.setAccelerator(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN));
        find.setOnAction(e -> filter.requestFocus());
        MenuItem toggleTheme = new MenuItem("Toggle Dark Theme", new FontIcon(Material2AL.BRIGHTNESS_4));
        toggleTheme.setAccelerator(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        toggleTheme.setOnAction(e -> window.toggleTheme());
        Menu view = new Menu("Vie_w", null, find, toggleTheme);

        MenuBar bar = new MenuBar(file, vm, view);
        bar.setId("menu-bar");
        return bar;
    }

    /** The menu bar's item for {@code a}: it owns the keyboard shortcut. */
    MenuItem actionItem(VmAction a) {
        MenuItem item = contextItem(a);
        item.setId("menu-" + a.name().toLowerCase(Locale.ROOT));
        item.setAccelerator(a.accelerator());
        return item;
    }

    /**
     * An item for {@code a} in the rows' context menu, enabled while it applies to the
     * selection. Without an accelerator: JavaFX registers a context menu's accelerators in the
     * scene and removes them when a row lets go of its menu, which took the menu bar's shortcut
     * with it (after filtering the table empty, Ctrl+Shift+F did nothing any more).
     */
    MenuItem contextItem(VmAction a) {
        MenuItem item = new MenuItem(a.label(), new FontIcon(a.icon()));
        item.disableProperty().bind(actions.enabledProperty(a).not());
        item.setOnAction(e -> actions.run(a));
        return item;
    }

    /** The toolbar, and beside it (never in its overflow menu) the filter and the theme switch. */
    HBox topBar() {
        ToolBar bar = new ToolBar();
        bar.setId("tool-bar");
        Button connect = new Button(null, new FontIcon(Material2AL.ADD));
        Tooltips.install(connect, "Add a connection (Ctrl+O)");
        connect.setOnAction(e -> window.addConnection());
        connect.getStyleClass().add(Styles.BUTTON_ICON);
        Button newVm = new Button("New", new FontIcon(Material2AL.ADD_TO_QUEUE));
        newVm.setId("new-vm-button");
        Tooltips.install(newVm, "Create a virtual machine (Ctrl+N)");
        newVm.setOnAction(e -> window.newVm());
        bar.getItems().addAll(connect, newVm, new Separator(Orientation.VERTICAL),
                actionButton(VmAction.START), actionButton(VmAction.PAUSE), actionButton(VmAction.RESUME),
                shutdownButton(), new Separator(Orientation.VERTICAL), actionButton(VmAction.DELETE));
        HBox.setHgrow(bar, Priority.ALWAYS);
        bar.setMinWidth(120);

        Button themeButton = new Button(null, new FontIcon(Material2AL.BRIGHTNESS_4));
        themeButton.setId("theme-button");
        Tooltips.install(themeButton, "Light or dark theme (Ctrl+Shift+T)");
        themeButton.getStyleClass().add(Styles.BUTTON_ICON);
        themeButton.setOnAction(e -> window.toggleTheme());
        HBox right = new HBox(6, filterField(), themeButton);
        right.setAlignment(Pos.CENTER_RIGHT);
        right.getStyleClass().add("top-bar-right");
        HBox top = new HBox(bar, right);
        top.getStyleClass().add("top-bar");
        return top;
    }

    private CustomTextField filterField() {
        filter.setId("filter-field");
        filter.setPromptText("Filter by name or state (Ctrl+F)");
        filter.setLeft(new FontIcon(Material2MZ.SEARCH));
        filter.setPrefWidth(260);
        filter.setMinWidth(140);
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
        return filter;
    }

    private Button actionButton(VmAction a) {
        Button b = new Button(a.label().replace("…", ""), new FontIcon(a.icon()));
        b.setId(buttonId(a));
        Tooltips.install(b, a.verb() + " the selected virtual machines (" + a.accelerator().getDisplayText() + ")");
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
        Tooltips.install(b, "Shut down the selected virtual machines ("
                + VmAction.SHUTDOWN.accelerator().getDisplayText() + "); more in the menu");
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
        return a.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-button";
    }
}
