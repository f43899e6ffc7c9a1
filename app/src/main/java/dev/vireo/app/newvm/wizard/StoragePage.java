package dev.vireo.app.newvm.wizard;

import dev.vireo.app.newvm.CreationCheck;
import dev.vireo.app.newvm.DiskChoice;
import dev.vireo.app.newvm.wizard.WizardModel.DiskKind;
import dev.vireo.app.newvm.wizard.WizardModel.SourceKind;
import dev.vireo.bridge.model.HostInventory;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** Page 3: a new qcow2 volume in a pool (with its free space), an existing volume, or no disk. */
final class StoragePage {

    private final WizardModel m;
    private final ObservableList<HostInventory.Pool> pools = FXCollections.observableArrayList();
    private final ObservableList<HostInventory.Volume> volumes = FXCollections.observableArrayList();

    StoragePage(WizardModel model) {
        this.m = model;
        m.inventory.addListener((o, a, b) -> fill(b));
    }

    Node view() {
        ToggleGroup group = new ToggleGroup();
        RadioButton create = radio("Create a new disk", DiskKind.NEW, group, "wizard-disk-new");
        RadioButton existing = radio("Use an existing volume", DiskKind.EXISTING, group, "wizard-disk-existing");
        RadioButton none = radio("No disk", DiskKind.NONE, group, "wizard-disk-none");
        group.selectedToggleProperty().addListener((o, a, b) -> m.disk.set((DiskKind) b.getUserData()));

        ComboBox<HostInventory.Pool> poolBox = new ComboBox<>(pools);
        poolBox.setId("wizard-pool");
        poolBox.setMaxWidth(Double.MAX_VALUE);
        poolBox.setCellFactory(v -> new PoolCell());
        poolBox.setButtonCell(new PoolCell());
        poolBox.valueProperty().addListener((o, a, b) -> m.pool.set(b == null ? "" : b.name()));
        m.pool.addListener((o, a, b) -> poolBox.setValue(pools.stream().filter(p -> p.name().equals(b)).findFirst().orElse(null)));
        Spinner<Integer> size = new Spinner<>(1, 1 << 20, m.diskGiB.get(), 1);
        size.setId("wizard-disk-size");
        size.setEditable(true);
        size.setPrefWidth(120);
        Spinners.bind(size, m.diskGiB);
        ProgressBar space = new ProgressBar();
        space.setId("wizard-pool-space");
        space.setPrefWidth(260);
        space.progressProperty().bind(Bindings.createDoubleBinding(this::usedAfter, m.pool, m.diskGiB, m.inventory));
        Label spaceText = new Label();
        spaceText.setId("wizard-pool-free");
        spaceText.getStyleClass().add("wizard-note");
        spaceText.textProperty().bind(Bindings.createStringBinding(this::spaceSentence, m.pool, m.diskGiB, m.inventory));
        GridPane newGrid = Forms.grid();
        newGrid.setStyle("-fx-padding: 0 0 4 28;");
        Forms.row(newGrid, "Pool", poolBox);
        Forms.row(newGrid, "Size", new HBox(8, size, new Label("GiB, qcow2 (space is taken as the guest writes)")));
        Forms.row(newGrid, "Free space", new VBox(4, space, spaceText));
        Label name = new Label();
        name.getStyleClass().add("wizard-note");
        name.textProperty().bind(Bindings.createStringBinding(() -> m.diskChoice() instanceof DiskChoice.NewVolume v
                ? "The volume is named “" + v.name() + "” after the VM." : "", m.name, m.disk, m.pool, m.source));
        newGrid.add(name, 1, 3);

        ComboBox<HostInventory.Volume> volumeBox = new ComboBox<>(volumes);
        volumeBox.setId("wizard-existing-volume");
        volumeBox.setMaxWidth(Double.MAX_VALUE);
        volumeBox.setCellFactory(v -> new SourcePage.VolumeCell());
        volumeBox.setButtonCell(new SourcePage.VolumeCell());
        volumeBox.valueProperty().addListener((o, a, b) -> m.existingDisk.set(b == null ? "" : b.path()));
        GridPane existingGrid = Forms.grid();
        existingGrid.setStyle("-fx-padding: 0 0 4 28;");
        Forms.row(existingGrid, "Volume", volumeBox);

        VBox choices = new VBox(10, create, Forms.shownWhen(newGrid, create.selectedProperty()), existing,
                Forms.shownWhen(existingGrid, existing.selectedProperty()), none);
        Label imported = Forms.note("The imported disk is the VM's disk (chosen on page 1).");
        var importing = Bindings.createBooleanBinding(() -> m.source.get() == SourceKind.IMPORT, m.source);
        Forms.shownWhen(imported, importing);
        Forms.shownWhen(choices, importing.not());
        return Forms.page(Forms.heading("Where does the VM keep its disk?"), imported, choices);
    }

    private RadioButton radio(String text, DiskKind kind, ToggleGroup group, String id) {
        RadioButton r = new RadioButton(text);
        r.setId(id);
        r.setToggleGroup(group);
        r.setUserData(kind);
        r.setSelected(m.disk.get() == kind);
        return r;
    }

    private HostInventory.Pool chosenPool() {
        return m.inventory.get() == null ? null : m.inventory.get().pool(m.pool.get()).orElse(null);
    }

    private double usedAfter() {
        HostInventory.Pool p = chosenPool();
        if (p == null || p.capacityBytes() <= 0) {
            return 0;
        }
        double used = p.capacityBytes() - p.availableBytes() + m.diskGiB.get() * (double) DiskChoice.GIB;
        return Math.min(1, used / p.capacityBytes());
    }

    private String spaceSentence() {
        HostInventory.Pool p = chosenPool();
        if (p == null) {
            return "";
        }
        long after = p.availableBytes() - m.diskGiB.get() * DiskChoice.GIB;
        return CreationCheck.gib(p.availableBytes()) + " free of " + CreationCheck.gib(p.capacityBytes())
                + (after >= 0 ? "; " + CreationCheck.gib(after) + " once the disk is full" : "; the disk does not fit");
    }

    private void fill(HostInventory inv) {
        pools.clear();
        volumes.clear();
        if (inv == null) {
            return;
        }
        pools.addAll(inv.pools().stream().filter(HostInventory.Pool::active).toList());
        inv.pools().forEach(p -> p.volumes().stream().filter(v -> !v.isIso()).forEach(volumes::add));
        if (pools.stream().noneMatch(p -> p.name().equals(m.pool.get()))) {
            m.pool.set(pools.stream().filter(p -> p.name().equals("default")).findFirst()
                    .or(() -> pools.stream().max(java.util.Comparator.comparingLong(HostInventory.Pool::availableBytes)))
                    .map(HostInventory.Pool::name).orElse(""));
        }
    }

    /** "default   57.9 GiB free". */
    private static final class PoolCell extends ListCell<HostInventory.Pool> {
        @Override
        protected void updateItem(HostInventory.Pool p, boolean empty) {
            super.updateItem(p, empty);
            setText(empty || p == null ? null : p.name() + "   " + CreationCheck.gib(p.availableBytes()) + " free"
                    + (p.path().isEmpty() ? "" : "   " + p.path()));
        }
    }
}
