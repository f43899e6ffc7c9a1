package dev.vireo.app.hosts;

import dev.vireo.app.connections.ConnectionSpec;
import dev.vireo.app.connections.ConnectionSpec.Kind;
import dev.vireo.app.connections.ConnectionSpec.Transport;
import java.io.File;
import java.util.function.Function;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/**
 * The fields of one connection in the connections dialog: a name, the kind (this machine's
 * system or session daemon, SSH, a URI as is), the SSH fields shown only for SSH, and whether it
 * opens at start-up. It turns them into a {@link ConnectionSpec} and back.
 */
final class ConnectionForm {

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
    private final Node[] sshNodes;
    private final VBox node;

    ConnectionForm() {
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
        Button browse = new Button("Browse…");
        browse.setOnAction(e -> chooseKeyFile());

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(90);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().setAll(labels, fields);
        grid.add(new Label("Name"), 0, 0);
        grid.add(name, 1, 0, 3, 1);
        grid.add(new Label("Type"), 0, 1);
        grid.add(kind, 1, 1, 3, 1);
        Label hostLabel = new Label("Host");
        Label portLabel = new Label("Port");
        Label userLabel = new Label("User");
        Label keyLabel = new Label("Key file");
        Label knownLabel = new Label("Known hosts");
        Label transportLabel = new Label("Transport");
        grid.addRow(2, hostLabel, host, portLabel, port);
        grid.add(userLabel, 0, 3);
        grid.add(user, 1, 3, 3, 1);
        grid.add(keyLabel, 0, 4);
        grid.add(keyFile, 1, 4, 2, 1);
        grid.add(browse, 3, 4);
        grid.add(knownLabel, 0, 5);
        grid.add(knownHosts, 1, 5, 3, 1);
        grid.add(transportLabel, 0, 6);
        grid.add(transport, 1, 6, 3, 1);
        grid.add(customUriLabel, 0, 7);
        grid.add(customUri, 1, 7, 3, 1);
        sshNodes = new Node[] {hostLabel, host, portLabel, port, userLabel, user, keyLabel, keyFile, browse,
            knownLabel, knownHosts, transportLabel, transport};
        for (Control c : new Control[] {kind, transport}) {
            c.setMaxWidth(Double.MAX_VALUE);
        }
        browse.setMinWidth(Region.USE_PREF_SIZE);
        port.setMaxWidth(90);
        autoconnect.setPadding(new Insets(0, 0, 0, 98)); // under the fields
        node = new VBox(10, grid, autoconnect);
        onChange(this::showFieldsForKind);
    }

    Node node() {
        return node;
    }

    /** Calls {@code listener} after any field changed. */
    void onChange(Runnable listener) {
        for (TextField field : new TextField[] {name, host, port, user, keyFile, knownHosts, customUri}) {
            field.textProperty().addListener((o, a, b) -> listener.run());
        }
        kind.valueProperty().addListener((o, a, b) -> listener.run());
        transport.valueProperty().addListener((o, a, b) -> listener.run());
    }

    void fill(ConnectionSpec spec, String connectionName, boolean startUp) {
        kind.setValue(spec.kind());
        transport.setValue(spec.transport());
        host.setText(spec.host());
        port.setText(String.valueOf(spec.port()));
        user.setText(spec.user());
        keyFile.setText(spec.keyFile());
        knownHosts.setText(spec.knownHosts());
        customUri.setText(spec.customUri());
        name.setText(connectionName);
        autoconnect.setSelected(startUp);
        showFieldsForKind();
    }

    /** The fields as a spec; {@link ConnectionSpec#problem()} says what is wrong with them. */
    ConnectionSpec spec() {
        Kind k = kind.getValue() == null ? Kind.SSH : kind.getValue();
        return switch (k) {
            case LOCAL_SYSTEM -> ConnectionSpec.localSystem();
            case LOCAL_SESSION -> ConnectionSpec.localSession();
            case CUSTOM -> ConnectionSpec.custom(customUri.getText());
            case SSH -> ConnectionSpec.ssh(transport.getValue() == null ? Transport.LIBSSH : transport.getValue(),
                    user.getText().strip(), host.getText().strip(), port(), keyFile.getText().strip(),
                    knownHosts.getText().strip());
        };
    }

    /** The name typed, stripped; empty when none was. */
    String name() {
        return name.getText().strip();
    }

    /** What the name field shows while empty (the name a save would use). */
    void suggestName(String suggestion) {
        name.setPromptText(suggestion);
    }

    boolean autoconnect() {
        return autoconnect.isSelected();
    }

    void focusFirstField() {
        (kind.getValue() == Kind.SSH ? host : name).requestFocus();
    }

    private int port() {
        try {
            return Integer.parseInt(port.getText().strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void showFieldsForKind() {
        Kind k = kind.getValue();
        for (Node n : sshNodes) {
            n.setVisible(k == Kind.SSH);
            n.setManaged(k == Kind.SSH);
        }
        for (Node n : new Node[] {customUri, customUriLabel}) {
            n.setVisible(k == Kind.CUSTOM);
            n.setManaged(k == Kind.CUSTOM);
        }
        knownHosts.setDisable(transport.getValue() == Transport.SSH); // libssh's option only
    }

    private void chooseKeyFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("SSH private key");
        File ssh = new File(System.getProperty("user.home"), ".ssh");
        if (ssh.isDirectory()) {
            chooser.setInitialDirectory(ssh);
        }
        File f = chooser.showOpenDialog(node.getScene().getWindow());
        if (f != null) {
            keyFile.setText(f.getAbsolutePath());
        }
    }

    private static <T> StringConverter<T> converter(Function<T, String> label) {
        return new StringConverter<>() {
            @Override
            public String toString(T t) {
                return t == null ? "" : label.apply(t);
            }

            @Override
            public T fromString(String s) {
                return null; // the combo boxes are not editable: nothing is ever typed in
            }
        };
    }
}
