package dev.vireo.app.newvm.wizard;

import dev.vireo.app.newvm.NewVm;
import dev.vireo.app.newvm.SpicePassword;
import dev.vireo.app.newvm.wizard.WizardModel.ListenKind;
import dev.vireo.app.newvm.wizard.WizardModel.NetChoice;
import dev.vireo.app.newvm.wizard.WizardModel.PasswordKind;
import dev.vireo.bridge.model.HostInventory;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Page 4: the network (a virtual network or a host bridge, with the NIC model) and the SPICE
 * console: QXL monitors, who may connect (localhost, every interface, one address), the password,
 * the port, TLS, and the agent, USB redirection and sound.
 */
final class NetworkPage {

    private final WizardModel m;
    private final ObservableList<NetChoice> networks = FXCollections.observableArrayList();

    NetworkPage(WizardModel model) {
        this.m = model;
        m.inventory.addListener((o, a, b) -> fill(b));
    }

    Node view() {
        ComboBox<NetChoice> net = new ComboBox<>(networks);
        net.setId("wizard-network");
        net.setMaxWidth(Double.MAX_VALUE);
        net.valueProperty().bindBidirectional(m.network);
        TextField bridge = new TextField();
        bridge.setId("wizard-bridge");
        bridge.setPromptText("br0");
        bridge.textProperty().bindBidirectional(m.bridgeName);
        Forms.shownWhen(bridge, Bindings.createBooleanBinding(() -> m.network.get() == NetChoice.OTHER_BRIDGE, m.network));
        ComboBox<String> model = new ComboBox<>(FXCollections.observableArrayList("virtio", "e1000e", "e1000", "rtl8139"));
        model.setId("wizard-nic-model");
        model.valueProperty().bindBidirectional(m.nicModel);
        model.disableProperty().bind(Bindings.createBooleanBinding(() -> m.network.get() == null
                || m.network.get().kind() == null, m.network));
        GridPane netGrid = Forms.grid();
        Forms.row(netGrid, "Network", new VBox(6, net, bridge));
        Forms.row(netGrid, "Model", new HBox(8, model, Forms.note("virtio is fastest; e1000e for guests without virtio drivers")));

        CheckBox spice = check("SPICE console with QXL video", m.spice, "wizard-spice");
        Spinner<Integer> heads = new Spinner<>(1, 4, m.heads.get(), 1);
        heads.setId("wizard-heads");
        heads.setPrefWidth(80);
        heads.setEditable(true);
        Spinners.bind(heads, m.heads);

        ToggleGroup listen = new ToggleGroup();
        RadioButton local = radio("This host only (127.0.0.1)", ListenKind.LOCALHOST, listen, "wizard-listen-local");
        RadioButton all = radio("All interfaces (0.0.0.0)", ListenKind.ALL, listen, "wizard-listen-all");
        RadioButton one = radio("One address:", ListenKind.ADDRESS, listen, "wizard-listen-address");
        listen.selectedToggleProperty().addListener((o, a, b) -> m.listen.set((ListenKind) b.getUserData()));
        TextField address = new TextField();
        address.setId("wizard-listen-text");
        address.setPromptText("192.168.1.10");
        address.textProperty().bindBidirectional(m.listenAddress);
        address.disableProperty().bind(one.selectedProperty().not());

        CheckBox auto = check("Automatic (from 5900)", m.autoPort, "wizard-port-auto");
        Spinner<Integer> port = new Spinner<>(1024, 65535, m.port.get(), 1);
        port.setId("wizard-port");
        port.setEditable(true);
        port.setPrefWidth(110);
        Spinners.bind(port, m.port);
        port.disableProperty().bind(m.autoPort);

        ToggleGroup pw = new ToggleGroup();
        RadioButton generate = radio("Generate:", PasswordKind.GENERATE, pw, "wizard-password-generate");
        RadioButton type = radio("Type:", PasswordKind.TYPE, pw, "wizard-password-type");
        RadioButton none = radio("None", PasswordKind.NONE, pw, "wizard-password-none");
        generate.setSelected(m.passwordKind.get() == PasswordKind.GENERATE);
        pw.selectedToggleProperty().addListener((o, a, b) -> m.passwordKind.set((PasswordKind) b.getUserData()));
        TextField generated = new TextField();
        generated.setId("wizard-password-generated");
        generated.setEditable(false);
        generated.setPrefColumnCount(12);
        generated.textProperty().bind(m.generatedPassword);
        Button copy = new Button("Copy");
        copy.setId("wizard-password-copy");
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(m.generatedPassword.get());
            Clipboard.getSystemClipboard().setContent(c);
        });
        Button again = new Button("New");
        again.setOnAction(e -> m.generatedPassword.set(SpicePassword.generate()));
        for (Node n : new Node[] {generated, copy, again}) {
            n.disableProperty().bind(generate.selectedProperty().not());
        }
        PasswordField typed = new PasswordField();
        typed.setId("wizard-password-text");
        typed.textProperty().bindBidirectional(m.typedPassword);
        typed.disableProperty().bind(type.selectedProperty().not());

        CheckBox tls = check("Also a TLS port", m.tls, "wizard-tls");
        Label tlsNote = new Label();
        tlsNote.getStyleClass().add("wizard-note");
        tlsNote.textProperty().bind(Bindings.createStringBinding(() -> m.spiceTls.get() == null
                ? "needs spice_tls = 1 and certificates in the host's qemu.conf"
                : m.spiceTls.get() ? "SPICE TLS is set up on this host" : "not set up on this host (spice_tls in qemu.conf)",
                m.spiceTls));
        tls.disableProperty().bind(Bindings.createBooleanBinding(() -> Boolean.FALSE.equals(m.spiceTls.get())
                && !m.tls.get(), m.spiceTls, m.tls));
        CheckBox agent = check("Guest agent channel (resolution follows the window, clipboard)", m.agent, "wizard-agent");
        CheckBox usb = check("USB redirection (2 channels)", m.usbRedirection, "wizard-usbredir");
        CheckBox sound = check("Sound device", m.sound, "wizard-sound");

        GridPane d = Forms.grid();
        Forms.row(d, "Monitors", new HBox(8, heads, Forms.note("QXL heads: one console view per monitor")));
        Forms.row(d, "Listen on", new VBox(6, local, all, row(one, address)));
        Forms.row(d, "Port", row(auto, port));
        Forms.row(d, "Password", new VBox(6, row(generate, generated, copy, again), row(type, typed), none));
        Forms.row(d, "", new VBox(6, row(tls, tlsNote), agent, usb, sound));
        d.disableProperty().bind(m.spice.not());
        Label reach = new Label();
        reach.setId("wizard-reach");
        reach.setWrapText(true);
        reach.getStyleClass().add("wizard-note");
        reach.textProperty().bind(Bindings.createStringBinding(() -> m.spice.get() ? m.reach() : "", m.all()));
        return Forms.page(Forms.heading("Network"), netGrid, Forms.heading("Display"), spice, d, reach);
    }

    private static HBox row(Node... nodes) {
        HBox box = new HBox(8, nodes);
        box.setAlignment(Pos.CENTER_LEFT);
        for (Node n : nodes) {
            if (n instanceof TextField) {
                HBox.setHgrow(n, Priority.ALWAYS);
            }
        }
        return box;
    }

    private static CheckBox check(String text, BooleanProperty p, String id) {
        CheckBox c = new CheckBox(text);
        c.setMnemonicParsing(false); // "spice_tls" is not a shortcut
        c.setId(id);
        c.selectedProperty().bindBidirectional(p);
        return c;
    }

    private <T> RadioButton radio(String text, T value, ToggleGroup group, String id) {
        RadioButton r = new RadioButton(text);
        r.setId(id);
        r.setToggleGroup(group);
        r.setUserData(value);
        r.setSelected(value == m.listen.get() || value == m.passwordKind.get());
        return r;
    }

    private void fill(HostInventory inv) {
        NetChoice keep = m.network.get();
        networks.clear();
        if (inv != null) {
            for (HostInventory.VirtualNetwork n : inv.networks()) {
                String mode = n.forwardMode().isEmpty() ? "isolated" : n.forwardMode().toUpperCase(java.util.Locale.ROOT);
                networks.add(new NetChoice(NewVm.Network.Kind.NETWORK, n.name(), "Virtual network “" + n.name() + "” ("
                        + mode + (n.active() ? "" : ", not active") + ")"));
            }
            for (String b : inv.bridges()) {
                networks.add(new NetChoice(NewVm.Network.Kind.BRIDGE, b, "Host bridge " + b));
            }
        }
        networks.addAll(NetChoice.OTHER_BRIDGE, NetChoice.NONE);
        if (keep == null || !networks.contains(keep) || keep == NetChoice.NONE) {
            m.network.set(networks.stream().filter(n -> "default".equals(n.name()) && n.kind() == NewVm.Network.Kind.NETWORK)
                    .findFirst().orElse(networks.get(0).kind() == null || networks.get(0) == NetChoice.OTHER_BRIDGE
                            ? NetChoice.NONE : networks.get(0)));
        }
    }
}
