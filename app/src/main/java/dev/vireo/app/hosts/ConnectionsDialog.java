package dev.vireo.app.hosts;

import dev.vireo.app.AppContext;
import dev.vireo.app.connections.ConnectionManager;
import dev.vireo.app.connections.ConnectionSpec;
import dev.vireo.app.connections.ConnectionSpec.Kind;
import dev.vireo.app.connections.ConnectionSpec.Transport;
import dev.vireo.app.connections.SavedConnections;
import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.HostUri;
import dev.vireo.bridge.LibvirtEventLoop;
import dev.vireo.bridge.LocalDaemon;
import dev.vireo.bridge.VirtException;
import dev.vireo.bridge.auth.Prompter;
import java.io.File;
import java.util.Optional;
import java.util.function.BiConsumer;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
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
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.StringConverter;

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
    private final TextField name = new TextField();
    private final ComboBox<Kind> kind = new ComboBox<>();
    private final TextField host = new TextField();
    private final TextField port = new TextField("22");
    private final TextField user = new TextField();
    private final TextField keyFile = new TextField();
    private final TextField knownHosts = new TextField();
    private final ComboBox<Transport> transport = new ComboBox<>();
    private final TextField customUri = new TextField();
    private final Label customUriLabel = new Label("URI");
    private final CheckBox autoconnect = new CheckBox("Connect when Vireo starts");
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
    private javafx.scene.Node[] sshNodes = {};

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
                .thenAccept(found -> Platform.runLater(() -> detected.setVisible(found
                        && context.saved().find("qemu:///system").isEmpty())));
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
        host.requestFocus();
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

        // right: the form
        name.setId("conn-name");
        kind.setId("conn-kind");
        kind.getItems().setAll(Kind.values());
        kind.setConverter(converter(k -> switch (k) {
            case LOCAL_SYSTEM -> "This machine, system (qemu:///system)";
            case LOCAL_SESSION -> "This machine, my session (qemu:///session)";
            case SSH -> "Remote host over SSH";
            case CUSTOM -> "Another libvirt URI";
        }));
        transport.setId("conn-transport");
        transport.getItems().setAll(Transport.values());
        transport.setConverter(converter(t -> t == Transport.LIBSSH
                ? "libssh: passwords and host keys asked in Vireo" : "ssh program: keys and agent only"));
        host.setId("conn-host");
        host.setPromptText("server.example.org or 192.0.2.10");
        port.setId("conn-port");
        port.setPrefColumnCount(5);
        user.setId("conn-user");
        user.setPromptText("root");
        keyFile.setId("conn-key");
        keyFile.setPromptText("default keys and the SSH agent");
        knownHosts.setId("conn-known-hosts");
        knownHosts.setPromptText("~/.ssh/known_hosts");
        customUri.setId("conn-uri");
        customUri.setPromptText("qemu+tls://server/system");
        autoconnect.setId("conn-autoconnect");
        preview.setId("conn-uri-preview");
        preview.setStyle("-fx-font-family: monospace;");
        preview.setEditable(false); // selectable: a sysadmin may want to copy it
        problem.setId("conn-problem");
        problem.getStyleClass().add("danger");
        problem.setWrapText(true);
        Button browse = new Button("Browse…");
        browse.setOnAction(e -> chooseKeyFile());

        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(8);
        var labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(90);
        var fields = new javafx.scene.layout.ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        form.getColumnConstraints().setAll(labels, fields);
        form.add(new Label("Name"), 0, 0);
        form.add(name, 1, 0, 3, 1);
        form.add(new Label("Type"), 0, 1);
        form.add(kind, 1, 1, 3, 1);
        Label hostLabel = new Label("Host");
        Label portLabel = new Label("Port");
        Label userLabel = new Label("User");
        Label keyLabel = new Label("Key file");
        Label knownLabel = new Label("Known hosts");
        Label transportLabel = new Label("Transport");
        form.addRow(2, hostLabel, host, portLabel, port);
        form.add(userLabel, 0, 3);
        form.add(user, 1, 3, 3, 1);
        form.add(keyLabel, 0, 4);
        form.add(keyFile, 1, 4, 2, 1);
        form.add(browse, 3, 4);
        form.add(knownLabel, 0, 5);
        form.add(knownHosts, 1, 5, 3, 1);
        form.add(transportLabel, 0, 6);
        form.add(transport, 1, 6, 3, 1);
        form.add(customUriLabel, 0, 7);
        form.add(customUri, 1, 7, 3, 1);
        sshNodes = new javafx.scene.Node[] {hostLabel, host, portLabel, port, userLabel, user, keyLabel, keyFile, browse,
            knownLabel, knownHosts, transportLabel, transport};
        for (var c : new javafx.scene.control.Control[] {kind, transport}) {
            c.setMaxWidth(Double.MAX_VALUE);
        }
        browse.setMinWidth(Region.USE_PREF_SIZE);
        port.setMaxWidth(90);

        test.setId("conn-test");
        test.setOnAction(e -> runTest());
        save.setId("conn-save");
        save.setOnAction(e -> saveForm(false));
        connectOnce.setId("conn-connect");
        connectOnce.setTooltip(new javafx.scene.control.Tooltip("Connect now without saving the connection"));
        connectOnce.setOnAction(e -> {
            ConnectionSpec spec = spec();
            connect.accept(spec.uri(), name.getText().isBlank() ? null : name.getText().strip());
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
        autoconnect.setPadding(new Insets(0, 0, 0, 98)); // under the fields
        VBox right = new VBox(10, form, autoconnect, new Separator(), uriTitle, preview, problem, testResult, fill, buttons);
        right.setPadding(new Insets(12));
        HBox.setHgrow(right, Priority.ALWAYS);

        // a local libvirtd that is not saved yet
        Label found = new Label("The libvirt daemon of this machine answers (qemu:///system).");
        Button addLocal = new Button("Add Local System");
        addLocal.setId("add-local-system");
        addLocal.setOnAction(e -> {
            startAdding();
            kind.setValue(Kind.LOCAL_SYSTEM);
            name.setText("Local system");
            autoconnect.setSelected(true);
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

        for (var field : new TextField[] {name, host, port, user, keyFile, knownHosts, customUri}) {
            field.textProperty().addListener((o, a, b) -> validate());
        }
        kind.valueProperty().addListener((o, a, b) -> validate());
        transport.valueProperty().addListener((o, a, b) -> validate());

        BorderPane root = new BorderPane(new HBox(new Separator(javafx.geometry.Orientation.VERTICAL), right));
        root.setLeft(left);
        root.setTop(detected);
        BorderPane.setMargin(detected, new Insets(8, 12, 0, 12));
        root.setBottom(bottom);
        return root;
    }

    private static <T> StringConverter<T> converter(java.util.function.Function<T, String> label) {
        return new StringConverter<>() {
            @Override
            public String toString(T t) {
                return t == null ? "" : label.apply(t);
            }

            @Override
            public T fromString(String s) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private void startAdding() {
        editing = null;
        list.getSelectionModel().clearSelection();
        fill(ConnectionSpec.ssh(Transport.LIBSSH, "root", "", ConnectionSpec.SSH_PORT, ""), "", false);
        testResult.setText("");
    }

    private void edit(SavedConnections.Saved saved) {
        editing = saved;
        fill(ConnectionSpec.parse(saved.uri()), saved.name(), saved.autoconnect());
        testResult.setText("");
    }

    private void fill(ConnectionSpec spec, String n, boolean auto) {
        kind.setValue(spec.kind());
        transport.setValue(spec.transport());
        host.setText(spec.host());
        port.setText(String.valueOf(spec.port()));
        user.setText(spec.user());
        keyFile.setText(spec.keyFile());
        knownHosts.setText(spec.knownHosts());
        customUri.setText(spec.customUri());
        name.setText(n);
        autoconnect.setSelected(auto);
        validate();
    }

    /** The fields as a spec, or a sentence saying what is wrong. */
    private ConnectionSpec spec() {
        Kind k = kind.getValue() == null ? Kind.SSH : kind.getValue();
        return switch (k) {
            case LOCAL_SYSTEM -> ConnectionSpec.localSystem();
            case LOCAL_SESSION -> ConnectionSpec.localSession();
            case CUSTOM -> ConnectionSpec.custom(customUri.getText());
            case SSH -> ConnectionSpec.ssh(transport.getValue() == null ? Transport.LIBSSH : transport.getValue(),
                    user.getText().strip(), host.getText().strip(), parsePort(), keyFile.getText().strip(),
                    knownHosts.getText().strip());
        };
    }

    private int parsePort() {
        try {
            return Integer.parseInt(port.getText().strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Checks the form as the user types: says why Save is disabled, shows the URI. */
    private void validate() {
        Kind k = kind.getValue();
        for (var n : sshNodes) {
            n.setVisible(k == Kind.SSH);
            n.setManaged(k == Kind.SSH);
        }
        for (var n : new javafx.scene.Node[] {customUri, customUriLabel}) {
            n.setVisible(k == Kind.CUSTOM);
            n.setManaged(k == Kind.CUSTOM);
        }
        knownHosts.setDisable(transport.getValue() == Transport.SSH);
        ConnectionSpec spec = spec();
        Optional<String> wrong = spec.problem();
        String nameText = name.getText().strip();
        if (wrong.isEmpty() && !nameText.isEmpty() && context.saved().find(nameText)
                .filter(s -> editing == null || !s.name().equals(editing.name())).isPresent()) {
            wrong = Optional.of("A connection named “" + nameText + "” is already saved.");
        }
        problem.setText(wrong.orElse(""));
        preview.setText(wrong.isPresent() && spec.kind() != Kind.CUSTOM ? "" : spec.problem().isEmpty() ? spec.uri() : "");
        name.setPromptText(spec.problem().isEmpty() ? spec.suggestedName() : "");
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
        ConnectionSpec spec = spec();
        if (spec.problem().isPresent()) {
            return Optional.empty();
        }
        String uri = spec.uri();
        return context.connections().entries().stream().filter(e -> e.connection().id().equals(uri)).findFirst();
    }

    private void chooseKeyFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("SSH private key");
        File ssh = new File(System.getProperty("user.home"), ".ssh");
        if (ssh.isDirectory()) {
            chooser.setInitialDirectory(ssh);
        }
        File f = chooser.showOpenDialog(stage);
        if (f != null) {
            keyFile.setText(f.getAbsolutePath());
        }
    }

    private void saveForm(boolean andConnect) {
        ConnectionSpec spec = spec();
        String n = name.getText().isBlank() ? spec.suggestedName() : name.getText().strip();
        SavedConnections.Saved saved = new SavedConnections.Saved(n, spec.uri(), autoconnect.isSelected());
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
        ConnectionSpec spec = spec();
        HostConnection c;
        try {
            LibvirtEventLoop.ensureStarted();
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
