package dev.vireo.app.hosts;

import dev.vireo.app.AppContext;
import dev.vireo.app.connections.ConnectionManager;
import dev.vireo.app.connections.ConnectionSpec;
import dev.vireo.app.connections.ConnectionSpec.Transport;
import dev.vireo.app.connections.SavedConnections;
import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.HostUri;
import dev.vireo.bridge.LocalDaemon;
import dev.vireo.bridge.VirtException;
import dev.vireo.bridge.auth.Prompter;
import java.util.Optional;
import java.util.function.BiConsumer;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The connections dialog: the saved connections on the left; on the right the one being added or
 * edited, as fields (local system, local session, SSH, a URI as is) with the URI they make, a
 * Test button, and Save / Connect. Every file and libvirt call runs off the FX thread.
 */
public final class ConnectionsDialog {

    private final AppContext context;
    private final Prompter prompter;
    private final BiConsumer<String, String> connect;
    private final Stage stage = new Stage();

    private final ListView<SavedConnections.Saved> list = new ListView<>();
    private final ConnectionForm form = new ConnectionForm();
    private final TextField preview = new TextField();
    private final Label problem = new Label();
    private final Label testResult = new Label();
    private final ProgressIndicator testing = new ProgressIndicator();
    private final Button test = new Button("Test");
    private final Button save = new Button("Save");
    private final Button connectOnce = new Button("Connect");
    private final Button disconnect = new Button("Disconnect");
    private final Button saveAndConnect = new Button("Save and Connect");
    private final Button remove = new Button("Remove");
    private final CheckBox showDemo = new CheckBox("Show the demo host (at the next start)");
    private final HBox detected = new HBox(8);

    /** The saved connection being edited; null while adding a new one. */
    private SavedConnections.Saved editing;
    private HostConnection probe;

    /**
     * @param connect opens a connection in the manager window: (URI, name or null for the URI's own)
     */
    public ConnectionsDialog(Window owner, AppContext context, Prompter prompter, BiConsumer<String, String> connect) {
        this.context = context;
        this.prompter = prompter;
        this.connect = connect;
        stage.initOwner(owner);
        stage.setTitle("Connections");
        BorderPane root = layout();
        root.setPrefWidth(900);
        stage.setScene(new Scene(root)); // as tall as the form needs
        stage.getScene().getRoot().setId("connections-dialog");
        stage.getScene().getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), stage::close);
        stage.getScene().getAccelerators().put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN), this::startAdding);
        stage.setOnHidden(e -> cancelTest());
        refreshList(null);
        startAdding();
        // Offer the local system when a libvirtd answers on this machine.
        LocalDaemon.answers(java.time.Duration.ofSeconds(3))
                .thenAccept(found -> Platform.runLater(() -> {
                    detected.setVisible(found && context.saved().find("qemu:///system").isEmpty());
                    stage.sizeToScene(); // the banner makes the dialog taller
                }));
    }

    public void show() {
        validate(); // connections may have been opened or closed since it was last shown
        stage.show();
        stage.toFront();
    }

    /** Shows the dialog with the form ready for a new connection. */
    public void showAdding() {
        startAdding();
        show();
        form.focusFirstField();
    }

    public Stage stage() {
        return stage;
    }

    private BorderPane layout() {
        // left: the saved connections
        list.setId("saved-list");
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(SavedConnections.Saved item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                Label n = new Label(item.name() + (item.autoconnect() ? "  ·  at start" : ""));
                n.setStyle("-fx-font-weight: bold;");
                Label u = new Label(item.uri());
                u.getStyleClass().addAll("text-muted", "text-small");
                for (Label l : new Label[] {n, u}) { // ellipsized to the list's width, no sideways scrolling
                    l.setMinWidth(0);
                    l.setPrefWidth(1);
                    l.setMaxWidth(Double.MAX_VALUE);
                }
                setGraphic(new VBox(2, n, u));
                setText(null);
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                edit(b);
            }
        });
        Button add = new Button("Add");
        add.setId("add-connection");
        add.setOnAction(e -> startAdding());
        remove.setId("remove-connection");
        remove.setOnAction(e -> removeSelected());
        remove.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        Label savedTitle = new Label("Saved connections");
        savedTitle.setStyle("-fx-font-weight: bold;");
        VBox left = new VBox(8, savedTitle, list, new HBox(8, add, remove));
        VBox.setVgrow(list, Priority.ALWAYS);
        left.setPrefWidth(300);
        left.setPadding(new Insets(12));

        // right: the form, the URI it makes, what is wrong, the buttons
        preview.setId("conn-uri-preview");
        preview.setStyle("-fx-font-family: monospace;");
        preview.setEditable(false); // selectable: a sysadmin may want to copy it
        problem.setId("conn-problem");
        problem.getStyleClass().add("danger");
        problem.setWrapText(true);
        test.setId("conn-test");
        test.setOnAction(e -> runTest());
        save.setId("conn-save");
        save.setOnAction(e -> saveForm(false));
        connectOnce.setId("conn-connect");
        connectOnce.setTooltip(new javafx.scene.control.Tooltip("Connect now without saving the connection"));
        connectOnce.setOnAction(e -> {
            ConnectionSpec spec = form.spec();
            connect.accept(spec.uri(), form.name().isEmpty() ? null : form.name());
            stage.close();
        });
        disconnect.setId("conn-disconnect");
        disconnect.setOnAction(e -> openEntry().ifPresent(entry -> {
            context.connections().remove(entry);
            validate();
        }));
        saveAndConnect.setId("conn-save-connect");
        saveAndConnect.setDefaultButton(true);
        saveAndConnect.setOnAction(e -> saveForm(true));
        testing.setPrefSize(16, 16);
        testing.setVisible(false);
        testResult.setId("conn-test-result");
        testResult.setWrapText(true);
        testResult.setMinHeight(Region.USE_PREF_SIZE);
        problem.setMinHeight(Region.USE_PREF_SIZE);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox buttons = new HBox(8, test, testing, grow, disconnect, connectOnce, save, saveAndConnect);
        buttons.setAlignment(Pos.CENTER_LEFT);

        Label uriTitle = new Label("Connects to");
        uriTitle.getStyleClass().add("text-muted");
        Region fill = new Region();
        VBox.setVgrow(fill, Priority.ALWAYS);
        VBox right = new VBox(10, form.node(), new Separator(), uriTitle, preview, problem, testResult, fill, buttons);
        right.setPadding(new Insets(12));
        HBox.setHgrow(right, Priority.ALWAYS);

        // a local libvirtd that is not saved yet
        Label found = new Label("The libvirt daemon of this machine answers (qemu:///system).");
        Button addLocal = new Button("Add Local System");
        addLocal.setId("add-local-system");
        addLocal.setOnAction(e -> {
            startAdding();
            form.fill(ConnectionSpec.localSystem(), "Local system", true);
        });
        detected.getChildren().setAll(found, addLocal);
        detected.setAlignment(Pos.CENTER_LEFT);
        detected.setVisible(false);
        detected.managedProperty().bind(detected.visibleProperty());

        showDemo.setId("show-demo");
        showDemo.setSelected(context.saved().showDemoHost());
        showDemo.selectedProperty().addListener((o, a, b) -> context.io(() -> {
            context.saved().setShowDemoHost(b);
            context.saved().save();
            return null;
        }));
        Button close = new Button("Close");
        close.setCancelButton(true);
        close.setOnAction(e -> stage.close());
        Region grow2 = new Region();
        HBox.setHgrow(grow2, Priority.ALWAYS);
        HBox bottom = new HBox(12, showDemo, grow2, close);
        bottom.setAlignment(Pos.CENTER_LEFT);
        bottom.setPadding(new Insets(8, 12, 12, 12));

        form.onChange(this::validate);

        BorderPane root = new BorderPane(new HBox(new Separator(javafx.geometry.Orientation.VERTICAL), right));
        root.setLeft(left);
        root.setTop(detected);
        BorderPane.setMargin(detected, new Insets(8, 12, 0, 12));
        root.setBottom(bottom);
        return root;
    }

    private void startAdding() {
        editing = null;
        list.getSelectionModel().clearSelection();
        form.fill(ConnectionSpec.ssh(Transport.LIBSSH, "root", "", ConnectionSpec.SSH_PORT, ""), "", false);
        testResult.setText("");
    }

    private void edit(SavedConnections.Saved saved) {
        editing = saved;
        form.fill(ConnectionSpec.parse(saved.uri()), saved.name(), saved.autoconnect());
        testResult.setText("");
    }

    /** Checks the form as the user types: says why Save is disabled, shows the URI. */
    private void validate() {
        ConnectionSpec spec = form.spec();
        Optional<String> wrong = spec.problem();
        String nameText = form.name();
        if (wrong.isEmpty() && !nameText.isEmpty() && context.saved().find(nameText)
                .filter(s -> editing == null || !s.name().equals(editing.name())).isPresent()) {
            wrong = Optional.of("A connection named “" + nameText + "” is already saved.");
        }
        problem.setText(wrong.orElse(""));
        preview.setText(spec.problem().isEmpty() ? spec.uri() : "");
        form.suggestName(spec.problem().isEmpty() ? spec.suggestedName() : "");
        boolean invalid = wrong.isPresent();
        save.setDisable(invalid);
        connectOnce.setDisable(spec.problem().isPresent());
        boolean open = openEntry().isPresent();
        disconnect.setVisible(open); // the connection being edited is open in the window
        disconnect.setManaged(open);
        saveAndConnect.setDisable(invalid);
        test.setDisable(spec.problem().isPresent() || probe != null);
    }

    /** The manager's open connection with the URI the form makes, if any. */
    private Optional<ConnectionManager.Entry> openEntry() {
        ConnectionSpec spec = form.spec();
        if (spec.problem().isPresent()) {
            return Optional.empty();
        }
        String uri = spec.uri();
        return context.connections().entries().stream().filter(e -> e.connection().id().equals(uri)).findFirst();
    }

    private void saveForm(boolean andConnect) {
        ConnectionSpec spec = form.spec();
        String n = form.name().isEmpty() ? spec.suggestedName() : form.name();
        SavedConnections.Saved saved = new SavedConnections.Saved(n, spec.uri(), form.autoconnect());
        String replacing = editing == null ? null : editing.name();
        context.io(() -> {
            context.saved().put(saved, replacing);
            context.saved().save();
            return saved;
        }).whenComplete((ok, failure) -> Platform.runLater(() -> {
            if (failure != null) {
                VirtException e = VirtException.wrap("Could not save the connection", failure);
                problem.setText(e.userMessage());
                return;
            }
            refreshList(saved);
            if (andConnect) {
                connect.accept(saved.uri(), saved.name());
                stage.close();
            }
        }));
    }

    private void removeSelected() {
        SavedConnections.Saved selected = list.getSelectionModel().getSelectedItem();
        if (selected == null) {
            return;
        }
        context.io(() -> {
            context.saved().remove(selected.name());
            context.saved().save();
            context.keyring().ifPresent(k -> k.forget(selected.uri())); // and what the keyring kept for it
            return null;
        }).whenComplete((ok, failure) -> Platform.runLater(() -> {
            refreshList(null);
            startAdding();
        }));
    }

    private void refreshList(SavedConnections.Saved select) {
        list.getItems().setAll(context.saved().all());
        if (select != null) {
            list.getSelectionModel().select(select);
        }
    }

    /** Opens the connection once, off the FX thread, and says what came of it; nothing is saved. */
    private void runTest() {
        ConnectionSpec spec = form.spec();
        HostConnection c;
        try {
            c = new HostConnection(HostUri.resolve(spec.uri(), context.demoHost()), prompter);
        } catch (VirtException e) {
            testResult.setText(e.userMessage());
            return;
        }
        probe = c;
        testing.setVisible(true);
        test.setText("Cancel Test");
        test.setDisable(false);
        test.setOnAction(e -> cancelTest());
        testResult.getStyleClass().removeAll("success", "danger");
        testResult.setText("Connecting…");
        c.open().whenComplete((ok, failure) -> {
            int vms = c.domains().size();
            c.close();
            Platform.runLater(() -> {
                if (probe != c) {
                    return; // cancelled
                }
                endTest();
                if (failure == null) {
                    testResult.getStyleClass().add("success");
                    testResult.setText("Connected: " + vms + (vms == 1 ? " virtual machine." : " virtual machines."));
                } else {
                    testResult.getStyleClass().add("danger");
                    testResult.setText(VirtException.wrap("Could not connect", failure).userMessage());
                }
            });
        });
    }

    private void cancelTest() {
        HostConnection c = probe;
        if (c != null) {
            c.cancelOpen();
            endTest();
            testResult.setText("Test cancelled.");
        }
    }

    private void endTest() {
        probe = null;
        testing.setVisible(false);
        test.setText("Test");
        test.setOnAction(e -> runTest());
        validate();
    }
}
