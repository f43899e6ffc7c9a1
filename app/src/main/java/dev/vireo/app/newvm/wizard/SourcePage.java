package dev.vireo.app.newvm.wizard;

import dev.vireo.app.newvm.wizard.WizardModel.SourceKind;
import dev.vireo.bridge.model.HostInventory;
import java.io.File;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Page 1: the host and what the VM boots from. ISO images and disks are the host's volumes (so
 * remote hosts work), or local files on a local host.
 */
final class SourcePage {

    private final WizardModel m;
    private final ComboBox<HostChoice> host;
    private final ObservableList<HostInventory.Volume> isos = FXCollections.observableArrayList();
    private final ObservableList<HostInventory.Volume> disks = FXCollections.observableArrayList();
    private final ComboBox<HostInventory.Volume> isoBox = new ComboBox<>(isos);
    private final ComboBox<HostInventory.Volume> importBox = new ComboBox<>(disks);
    private final TextField isoFile = new TextField();
    private final TextField importFile = new TextField();
    private final Label hostState = new Label();
    private final Consumer<java.nio.file.Path> localIsoChosen;
    private boolean local;

    /** A host the VM can be created on. */
    record HostChoice(String id, String name) {
        @Override
        public String toString() {
            return name;
        }
    }

    SourcePage(WizardModel model, ObservableList<HostChoice> hosts, Consumer<HostChoice> hostChosen,
            Consumer<java.nio.file.Path> localIsoChosen) {
        this.m = model;
        host = new ComboBox<>(hosts);
        host.setId("wizard-host");
        host.setMaxWidth(Double.MAX_VALUE);
        host.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                hostChosen.accept(b);
            }
        });
        isoBox.setId("wizard-iso");
        importBox.setId("wizard-import");
        for (ComboBox<HostInventory.Volume> box : java.util.List.of(isoBox, importBox)) {
            box.setMaxWidth(Double.MAX_VALUE);
            box.setCellFactory(v -> new VolumeCell());
            box.setButtonCell(new VolumeCell());
            box.setPromptText("Choose a volume");
        }
        isoBox.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                isoFile.clear();
                m.isoPath.set(b.path());
            }
        });
        importBox.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                importFile.clear();
                m.importPath.set(b.path());
            }
        });
        isoFile.setEditable(false);
        importFile.setEditable(false);
        isoFile.setPromptText("or a file on this machine");
        importFile.setPromptText("or a file on this machine");
        this.localIsoChosen = localIsoChosen;
        m.inventory.addListener((o, a, b) -> fillVolumes(b));
    }

    void select(HostChoice choice) {
        host.setValue(choice);
    }

    /** Whether files on this machine are files on the host (local URIs). */
    void setLocal(boolean isLocal) {
        this.local = isLocal;
    }

    Node view(Window owner) {
        GridPane hostGrid = Forms.grid();
        hostState.textProperty().bind(Bindings.createStringBinding(() -> m.facts.get() == null ? m.hostProblem.get()
                : hostSummary(), m.facts, m.inventory, m.hostProblem));
        hostState.getStyleClass().add("wizard-note");
        Forms.row(hostGrid, "Host", host);
        hostGrid.add(hostState, 1, 1);

        ToggleGroup group = new ToggleGroup();
        VBox choices = new VBox(10);
        for (SourceKind kind : SourceKind.values()) {
            RadioButton r = new RadioButton(kind.label);
            r.setId("wizard-source-" + kind.name().toLowerCase(java.util.Locale.ROOT));
            r.setToggleGroup(group);
            r.setUserData(kind);
            r.setSelected(m.source.get() == kind);
            choices.getChildren().addAll(r, Forms.shownWhen(detail(kind, owner), r.selectedProperty()));
        }
        group.selectedToggleProperty().addListener((o, a, b) -> {
            if (b != null) {
                m.source.set((SourceKind) b.getUserData());
            }
        });
        return Forms.page(Forms.heading("Where is the VM created, and what does it boot?"), hostGrid, choices);
    }

    private Node detail(SourceKind kind, Window owner) {
        GridPane g = Forms.grid();
        g.setStyle("-fx-padding: 0 0 4 28;");
        switch (kind) {
            case ISO -> {
                Forms.row(g, "Volume", isoBox);
                Forms.row(g, "Local file", fileRow(isoFile, owner, "Installation image", "*.iso", f -> {
                    isoBox.setValue(null);
                    isoFile.setText(f.getPath());
                    m.isoPath.set(f.getPath());
                    localIsoChosen.accept(f.toPath());
                }));
                Label detected = new Label();
                detected.getStyleClass().add("wizard-note");
                detected.textProperty().bind(m.detected);
                g.add(detected, 1, g.getRowCount());
            }
            case IMPORT -> {
                Forms.row(g, "Volume", importBox);
                Forms.row(g, "Local file", fileRow(importFile, owner, "Disk image", "*.qcow2 *.img *.raw", f -> {
                    importBox.setValue(null);
                    importFile.setText(f.getPath());
                    m.importPath.set(f.getPath());
                }));
            }
            case PXE -> g.add(Forms.note("The VM boots from a PXE server on the network chosen on page 4."), 1, 0);
            case NETWORK -> {
                Forms.row(g, "URL", field("wizard-tree-url", m.treeUrl,
                        "http://deb.debian.org/debian/dists/bookworm/main/installer-amd64"));
                Forms.row(g, "Kernel", field("wizard-tree-kernel", m.treeKernel, "found by itself (.treeinfo, OS database)"));
                Forms.row(g, "Initrd", field("wizard-tree-initrd", m.treeInitrd, "found by itself"));
                Forms.row(g, "Command line", field("wizard-tree-cmdline", m.cmdline, "optional, e.g. console=ttyS0"));
                g.add(Forms.note("Vireo downloads the installer's kernel and initrd, copies them to the host and boots"
                        + " them once; the VM then boots its disk. Paths are relative to the URL."), 1, 4);
            }
            case KERNEL -> {
                TextField k = field("wizard-kernel", m.kernel, "/var/lib/libvirt/boot/vmlinuz");
                TextField i = field("wizard-initrd", m.initrd, "/var/lib/libvirt/boot/initrd.gz");
                TextField c = field("wizard-cmdline", m.cmdline, "console=ttyS0");
                Forms.row(g, "Kernel", k);
                Forms.row(g, "Initrd", i);
                Forms.row(g, "Command line", c);
                g.add(Forms.note("Paths on the host (e.g. volumes of a pool). The VM boots this kernel every time."), 1, 3);
            }
        }
        return g;
    }

    private HBox fileRow(TextField field, Window owner, String what, String patterns, Consumer<File> chosen) {
        Button browse = new Button("Browse…");
        browse.disableProperty().bind(Bindings.createBooleanBinding(() -> !local, m.facts));
        browse.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(what);
            chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter(what, patterns.split(" ")),
                    new FileChooser.ExtensionFilter("All files", "*"));
            File f = chooser.showOpenDialog(owner);
            if (f != null) {
                chosen.accept(f);
            }
        });
        HBox row = new HBox(8, field, browse);
        HBox.setHgrow(field, Priority.ALWAYS);
        return row;
    }

    private static TextField field(String id, javafx.beans.property.StringProperty p, String prompt) {
        TextField t = new TextField();
        t.setId(id);
        t.setPromptText(prompt);
        t.textProperty().bindBidirectional(p);
        return t;
    }

    private String hostSummary() {
        var f = m.facts.get();
        var inv = m.inventory.get();
        if (inv == null) {
            return m.hostProblem.get();
        }
        String virt = f.kvm() ? "hardware virtualization (KVM)" : f.emulation() ? "software emulation only (TCG)"
                : "virtualization type “" + f.domainType() + "”";
        return virt + " · " + inv.cpus() + " CPUs · " + dev.vireo.app.newvm.CreationCheck.gib(inv.memoryBytes())
                + " memory · " + inv.pools().size() + " storage pools · " + inv.networks().size() + " networks";
    }

    private void fillVolumes(HostInventory inv) {
        isos.clear();
        disks.clear();
        if (inv == null) {
            return;
        }
        inv.pools().forEach(p -> p.volumes().forEach(v -> (v.isIso() ? isos : disks).add(v)));
        isoBox.setValue(isos.stream().filter(v -> v.path().equals(m.isoPath.get())).findFirst().orElse(null));
        importBox.setValue(disks.stream().filter(v -> v.path().equals(m.importPath.get())).findFirst().orElse(null));
    }

    /** "pool / name   4.2 GiB". */
    static final class VolumeCell extends ListCell<HostInventory.Volume> {
        @Override
        protected void updateItem(HostInventory.Volume v, boolean empty) {
            super.updateItem(v, empty);
            setText(empty || v == null ? null
                    : v.pool() + " / " + v.name() + "   " + dev.vireo.app.newvm.CreationCheck.size(v.capacityBytes()));
        }
    }
}
