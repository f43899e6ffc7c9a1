package dev.vireo.app.console;

import dev.vireo.app.common.DialogService;
import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.VirtException;
import dev.vireo.bridge.model.VirtualMachine;
import dev.vireo.spice.ConsoleClient;
import dev.vireo.spice.FramePng;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * A console, wherever it is shown (a VM window's tab, a window of its own): the guest's screen, a
 * toolbar (send key, screenshot, fit, zoom, fullscreen, and whatever the holder adds), and above
 * the screen, when there is no picture, what is going on with the action that helps (Start for a
 * shut-off VM, Reconnect after a failure). Every key and click on the screen goes to the guest;
 * Shift+F11 toggles fullscreen. Moving the pane between windows keeps its connection.
 */
public final class ConsolePane {

    private final BorderPane root = new BorderPane();
    private final ToolBar toolbar;
    private final ConsoleView view = new ConsoleView();
    private final ConsoleController controller;
    private final HostConnection connection;
    private final DialogService dialogs;
    private final Label message = new Label();
    private final Button action = new Button();
    private final javafx.scene.control.PasswordField passwordField = new javafx.scene.control.PasswordField();
    private final VBox overlay = new VBox(12, message, passwordField, action);
    private final Label statusText = new Label();
    private final Label zoomText = new Label();
    private final Label pointerText = new Label();

    /** The console of {@code vm} on {@code connection}. */
    public ConsolePane(HostConnection connection, VirtualMachine vm, DialogService dialogs,
            java.util.function.Supplier<dev.vireo.app.tunnel.SshTunnels> tunnels) {
        this(connection, dialogs, p -> new ConsoleController(connection, vm.key(), p.view, p::status, tunnels));
    }

    /** The console a remote-viewer file names (no VM behind it: Reconnect, no Start). */
    public static ConsolePane forFile(dev.vireo.spice.VvFile vv, DialogService dialogs) {
        ConsoleEndpoint endpoint = new ConsoleEndpoint(vv.host(), vv.port(), vv.tlsPort());
        char[] password = vv.password() == null ? null : vv.password().toCharArray();
        SpiceTrust trust = vv.ca() == null ? null : SpiceTrust.of(vv.ca(), null).map(t -> new SpiceTrust(t.caPem(), vv.hostSubject()))
                .orElse(null);
        return new ConsolePane(null, dialogs, p -> new ConsoleController(endpoint, password, trust, p.view, p::status));
    }

    private ConsolePane(HostConnection connection, DialogService dialogs,
            java.util.function.Function<ConsolePane, ConsoleController> controllerFor) {
        this.connection = connection;
        this.dialogs = dialogs;
        this.controller = controllerFor.apply(this);
        controller.setDisplays(new Heads.Displays() {
            @Override
            public ConsoleView open(Heads.Head head) {
                return openDisplay(head);
            }

            @Override
            public void close(Heads.Head head, ConsoleView v) {
                if (v.getScene() != null && v.getScene().getWindow() instanceof Stage s) {
                    s.setOnHidden(null);
                    s.close();
                }
            }
        });

        message.setId("console-message");
        message.setWrapText(true);
        message.getStyleClass().add("console-message");
        passwordField.setId("console-password");
        passwordField.setPromptText("Console password");
        passwordField.setMaxWidth(280);
        passwordField.setOnAction(e -> sendPassword());
        passwordField.managedProperty().bind(passwordField.visibleProperty());
        passwordField.setVisible(false);
        action.setId("console-action");
        action.getStyleClass().add(atlantafx.base.theme.Styles.ACCENT);
        overlay.setAlignment(Pos.CENTER);
        overlay.setPadding(new Insets(24));
        overlay.setMaxWidth(520);
        overlay.getStyleClass().add("console-overlay");
        overlay.setMaxHeight(Region.USE_PREF_SIZE);
        StackPane screen = new StackPane(view, overlay);
        screen.getStyleClass().add("console-screen");
        statusText.setId("console-status");
        statusText.getStyleClass().add("console-status");

        root.setCenter(screen);
        root.setId("console-pane");
        toolbar = makeToolbar();
        root.setTop(toolbar);
        pointerText.setId("console-pointer");
        pointerText.getStyleClass().add("console-status");
        view.setPointerHook(pointerText::setText);
        Region gap = new Region();
        HBox.setHgrow(gap, javafx.scene.layout.Priority.ALWAYS);
        Label agentText = new Label();
        agentText.setId("console-agent");
        agentText.getStyleClass().add("console-status");
        agentText.textProperty().bind(javafx.beans.binding.Bindings.when(controller.agentProperty())
                .then("Guest agent: resolution and clipboard shared")
                .otherwise("No guest agent (spice-vdagent): fixed resolution, no shared clipboard"));
        HBox bottom = new HBox(16, statusText, gap, pointerText, agentText);
        bottom.getStyleClass().add("status-bar");
        root.setBottom(bottom);
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.F11 && e.isShiftDown()) {
                fullscreen(!stage().map(Stage::isFullScreen).orElse(false));
                e.consume();
            }
        });
    }

    /** The pane to put in a window or tab. */
    public BorderPane node() {
        return root;
    }

    /** The toolbar, for the holder's own buttons (detach, attach). */
    public ToolBar toolbar() {
        return toolbar;
    }

    /** Connects unless connected; call when the pane is first shown. */
    public void start() {
        view.requestFocus();
        if (controller.client() == null) {
            controller.connect();
        }
    }

    /** Disconnects for good (the holder closes). */
    public void close() {
        controller.close();
    }

    /**
     * A window for another screen of the guest (a further display, or a further monitor of a
     * multi-head one): a view of its own with the same input, fitted, with its own fullscreen
     * (Shift+F11) and screenshot. Closing it hides the screen until the guest next redraws its
     * display from scratch.
     */
    private ConsoleView openDisplay(Heads.Head head) {
        ConsoleView v = new ConsoleView();
        v.setId(head.viewId());
        Label hint = new Label();
        hint.getStyleClass().add("console-status");
        v.setPointerHook(hint::setText);
        Button shot = new Button("Screenshot", new FontIcon(Material2MZ.PHOTO_CAMERA));
        shot.setId("console-screenshot-" + head.viewId().substring("console-view-".length()));
        shot.setFocusTraversable(false);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bottom = new HBox(8, hint, gap, shot);
        bottom.setAlignment(Pos.CENTER_LEFT);
        bottom.getStyleClass().add("status-bar");
        BorderPane pane = new BorderPane(new StackPane(v));
        pane.getStyleClass().add("console-screen");
        pane.setBottom(bottom);
        Stage window = new Stage();
        String owner = stage().map(Stage::getTitle).orElse("Console");
        window.setTitle(owner + " — " + head.label());
        window.setScene(new Scene(pane, 1040, 830)); // a 1024x768 screen at 100 %, with the status bar
        int offset = 40 * (1 + controller.shownHeads().size());
        stage().ifPresent(s -> {
            window.getScene().getStylesheets().setAll(s.getScene().getStylesheets());
            window.getIcons().setAll(s.getIcons());
            window.setX(s.getX() + offset);
            window.setY(s.getY() + offset);
        });
        shot.setOnAction(e -> screenshot(v, window, "-" + head.label().toLowerCase(java.util.Locale.ROOT).replace(' ', '-')));
        window.getScene().addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.F11 && e.isShiftDown()) {
                window.setFullScreen(!window.isFullScreen());
                e.consume();
            }
        });
        window.setOnHidden(e -> controller.forget(head));
        window.show();
        v.requestFocus();
        return v;
    }

    private java.util.Optional<Stage> stage() {
        return root.getScene() != null && root.getScene().getWindow() instanceof Stage s ? java.util.Optional.of(s)
                : java.util.Optional.empty();
    }

    private void fullscreen(boolean on) {
        stage().ifPresent(s -> {
            s.setFullScreenExitHint("Shift+F11 leaves fullscreen");
            s.setFullScreen(on);
        });
    }

    public ConsoleView view() {
        return view;
    }

    public ConsoleController controller() {
        return controller;
    }

    private ToolBar makeToolbar() {
        MenuButton sendKey = new MenuButton("Send Key", new FontIcon(Material2AL.KEYBOARD));
        sendKey.setId("console-send-key");
        sendKey.getItems().add(combo("Ctrl+Alt+Del", KeyCode.CONTROL, KeyCode.ALT, KeyCode.DELETE));
        sendKey.getItems().add(combo("Ctrl+Alt+Backspace", KeyCode.CONTROL, KeyCode.ALT, KeyCode.BACK_SPACE));
        KeyCode[] f = {KeyCode.F1, KeyCode.F2, KeyCode.F3, KeyCode.F4, KeyCode.F5, KeyCode.F6, KeyCode.F7, KeyCode.F8,
            KeyCode.F9, KeyCode.F10, KeyCode.F11, KeyCode.F12};
        for (int i = 0; i < f.length; i++) {
            sendKey.getItems().add(combo("Ctrl+Alt+F" + (i + 1), KeyCode.CONTROL, KeyCode.ALT, f[i]));
        }
        sendKey.getItems().add(combo("PrintScreen", KeyCode.PRINTSCREEN));
        sendKey.setFocusTraversable(false);

        Button shot = new Button("Screenshot", new FontIcon(Material2MZ.PHOTO_CAMERA));
        shot.setId("console-screenshot");
        shot.setOnAction(e -> screenshot(view, stage().orElse(null), ""));
        ToggleButton resize = new ToggleButton("Resize Guest", new FontIcon(Material2MZ.SETTINGS_OVERSCAN));
        resize.setId("console-resize-guest");
        resize.selectedProperty().bindBidirectional(controller.resizeGuestProperty());
        resize.disableProperty().bind(controller.agentProperty().not());
        resize.setTooltip(new Tooltip("The guest's resolution follows the window (needs spice-vdagent in the guest)"));
        resize.setFocusTraversable(false);
        ToggleButton fit = new ToggleButton("Fit", new FontIcon(Material2AL.ASPECT_RATIO));
        fit.setId("console-fit");
        fit.setSelected(true);
        fit.setTooltip(new Tooltip("Scale the screen to the window; off: 100 %"));
        boolean[] zooming = {false};
        fit.selectedProperty().addListener((o, a, b) -> {
            if (!zooming[0]) {
                view.setFit(b);
            }
        });
        Button out = new Button(null, new FontIcon(Material2MZ.ZOOM_OUT));
        out.setId("console-zoom-out");
        out.setTooltip(new Tooltip("Zoom out"));
        out.setOnAction(e -> {
            view.zoom(-1); // from the scale shown now, fitted or not
            zooming[0] = true;
            fit.setSelected(false);
            zooming[0] = false;
            zoomText.setText(percent());
        });
        Button in = new Button(null, new FontIcon(Material2MZ.ZOOM_IN));
        in.setId("console-zoom-in");
        in.setTooltip(new Tooltip("Zoom in"));
        in.setOnAction(e -> {
            view.zoom(1); // from the scale shown now, fitted or not
            zooming[0] = true;
            fit.setSelected(false);
            zooming[0] = false;
            zoomText.setText(percent());
        });
        zoomText.setId("console-zoom");
        fit.selectedProperty().addListener((o, a, b) -> zoomText.setText(b ? "Fit" : percent()));
        Button full = new Button("Fullscreen", new FontIcon(Material2AL.FULLSCREEN));
        full.setTooltip(new Tooltip("Shift+F11"));
        full.setOnAction(e -> fullscreen(true));
        for (var c : List.of(shot, fit, out, in, full)) {
            c.setFocusTraversable(false);
        }
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        zoomText.setText("Fit");
        zoomText.setMinWidth(44);
        return new ToolBar(sendKey, new Separator(), shot, new Separator(), fit, out, zoomText, in, full, resize, grow);
    }

    private String percent() {
        return Math.round(view.scale() * 100) + " %";
    }

    /** A menu item that presses {@code keys} in order and releases them in reverse. */
    private MenuItem combo(String label, KeyCode... keys) {
        MenuItem item = new MenuItem(label);
        item.setOnAction(e -> {
            ConsoleClient c = controller.client();
            if (c == null) {
                return;
            }
            for (KeyCode k : keys) {
                c.key(true, Scancodes.of(k).getAsInt());
            }
            for (int i = keys.length - 1; i >= 0; i--) {
                c.key(false, Scancodes.of(keys[i]).getAsInt());
            }
            view.requestFocus();
        });
        return item;
    }

    /** Saves what {@code shown} shows (its monitor, or the whole screen) as a PNG the user names. */
    private void screenshot(ConsoleView shown, Window owner, String suffix) {
        if (shown.frame() == null) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save Screenshot");
        VirtualMachine vm = controller.vm();
        chooser.setInitialFileName(((vm == null ? "console" : vm.name()) + suffix).replaceAll("[/\\\\]", "-") + ".png");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
        File file = chooser.showSaveDialog(owner);
        if (file == null) {
            return;
        }
        // the pixels as they are now (one copy of the mapped frame, once the bridge has brought it
        // up to date), turned into a PNG aside
        shown.currentSnapshot().thenAcceptAsync(copy -> {
            try {
                FramePng.write(copy, file.toPath());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).whenComplete((ok, failure) -> {
            if (failure != null) {
                VirtException v = VirtException.wrap("Could not save the screenshot", failure);
                Platform.runLater(() -> dialogs.showError("Could not save " + file + ".", v.details()));
            }
        });
    }

    private void status(ConsoleController.Status s) {
        statusText.setText(s.text());
        boolean showing = s.phase() == ConsoleController.Phase.SHOWING;
        overlay.setVisible(!showing);
        view.setPresentable(showing); // the message must not be under the bridge's window
        message.setText(s.text());
        action.setVisible(true);
        passwordField.setVisible(s.phase() == ConsoleController.Phase.PASSWORD);
        switch (s.phase()) {
            case PASSWORD -> {
                action.setText("Connect");
                action.setOnAction(e -> sendPassword());
                passwordField.clear();
                passwordField.requestFocus();
            }
            case SHUT_OFF -> {
                action.setText("Start");
                action.setOnAction(e -> startVm());
            }
            case FAILED -> {
                action.setText("Reconnect");
                action.setOnAction(e -> controller.connect());
            }
            default -> action.setVisible(false);
        }
        if (showing) {
            view.requestFocus();
        }
    }

    /** The typed password, sent once and not kept: the field is cleared as it goes. */
    private void sendPassword() {
        String typed = passwordField.getText();
        if (typed.isEmpty()) {
            return;
        }
        passwordField.clear();
        controller.connectWithPassword(typed.toCharArray());
    }

    private void startVm() {
        VirtualMachine vm = controller.vm();
        if (vm == null || connection == null) {
            return;
        }
        action.setDisable(true);
        connection.operations().start(vm).whenComplete((ok, failure) -> Platform.runLater(() -> {
            action.setDisable(false);
            if (failure != null) {
                VirtException e = VirtException.wrap("Could not start “" + vm.name() + "”", failure);
                dialogs.showError(e.userMessage(), e.details());
            }
        }));
    }
}
