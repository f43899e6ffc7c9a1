package dev.vireo.app.newvm.wizard;

import dev.vireo.app.newvm.CreationCheck;
import dev.vireo.app.newvm.NewVm;
import dev.vireo.app.newvm.OsDatabase;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;

/**
 * Page 2: the guest OS (detected from the ISO where possible, else searched in the osinfo
 * database) and its memory, vCPUs, firmware and machine type, with what the host offers.
 */
final class OsPage {

    /** The list's entry for "no particular OS". */
    private static final String GENERIC = "Generic OS (no recommendation)";
    private static final int SHOWN = 200;

    private final WizardModel m;
    private final TextField search = new TextField();
    private final ObservableList<Object> results = FXCollections.observableArrayList();
    private final ListView<Object> list = new ListView<>(results);
    private OsDatabase db;
    private boolean choosing;

    OsPage(WizardModel model) {
        this.m = model;
    }

    /** The database arrived (it is read off the FX thread when the wizard opens). */
    void setDatabase(OsDatabase database) {
        this.db = database;
        refilter();
    }

    Node view() {
        search.setId("wizard-os-search");
        search.setPromptText("Search: name, version or short id (e.g. “debian 11”, “win10”)");
        search.textProperty().addListener((o, a, b) -> refilter());
        list.setId("wizard-os-list");
        list.setPrefHeight(170);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Object item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null
                        : item instanceof OsDatabase.Os os ? os.name() + "   (" + os.shortId() + ")" : item.toString());
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null && !choosing) {
                m.os.set(b instanceof OsDatabase.Os os ? os : null);
                m.applyRecommendation();
            }
        });
        m.os.addListener((o, a, b) -> selectInList(b));
        Label recommended = new Label();
        recommended.getStyleClass().add("wizard-note");
        recommended.textProperty().bind(Bindings.createStringBinding(this::recommendation, m.os));
        Label detected = new Label();
        detected.getStyleClass().add("wizard-note");
        detected.textProperty().bind(m.detected);

        Spinner<Integer> memory = new Spinner<>(64, 1 << 22, m.memoryMiB.get(), 256);
        memory.setId("wizard-memory");
        Spinner<Integer> cpus = new Spinner<>(1, 1024, m.vcpus.get(), 1);
        cpus.setId("wizard-vcpus");
        for (Spinner<Integer> s : java.util.List.of(memory, cpus)) {
            s.setEditable(true);
            s.setPrefWidth(140);
        }
        Spinners.bind(memory, m.memoryMiB);
        Spinners.bind(cpus, m.vcpus);
        Label memoryNote = new Label();
        memoryNote.getStyleClass().add("wizard-note");
        memoryNote.textProperty().bind(Bindings.createStringBinding(() -> m.inventory.get() == null ? ""
                : "MiB of " + CreationCheck.gib(m.inventory.get().memoryBytes()) + " on the host", m.inventory));
        Label cpuNote = new Label();
        cpuNote.getStyleClass().add("wizard-note");
        cpuNote.textProperty().bind(Bindings.createStringBinding(() -> m.inventory.get() == null ? ""
                : "of " + m.inventory.get().cpus() + " host CPUs"
                        + (m.facts.get() != null && m.facts.get().maxVcpus() > 0 ? " (at most " + m.facts.get().maxVcpus() + ")" : ""),
                m.inventory, m.facts));

        ToggleGroup fw = new ToggleGroup();
        RadioButton bios = new RadioButton("BIOS");
        bios.setId("wizard-bios");
        RadioButton uefi = new RadioButton("UEFI");
        uefi.setId("wizard-uefi");
        bios.setToggleGroup(fw);
        uefi.setToggleGroup(fw);
        bios.setSelected(m.firmware.get() == NewVm.Firmware.BIOS);
        uefi.setSelected(m.firmware.get() == NewVm.Firmware.UEFI);
        fw.selectedToggleProperty().addListener((o, a, b) -> m.firmware.set(b == uefi ? NewVm.Firmware.UEFI : NewVm.Firmware.BIOS));
        m.firmware.addListener((o, a, b) -> (b == NewVm.Firmware.UEFI ? uefi : bios).setSelected(true));
        Label firmwareNote = new Label();
        firmwareNote.getStyleClass().add("wizard-note");
        firmwareNote.textProperty().bind(Bindings.createStringBinding(() -> m.facts.get() == null ? ""
                : m.facts.get().uefi() ? "UEFI firmware (OVMF) is installed on the host"
                : "no UEFI firmware reported by the host", m.facts));

        ComboBox<String> machine = new ComboBox<>(FXCollections.observableArrayList("q35", "pc"));
        machine.setId("wizard-machine");
        machine.valueProperty().bindBidirectional(m.machine);
        Label machineNote = Forms.note("q35: PCI Express, for current OSes; pc: the older i440FX, for old guests");

        GridPane g = Forms.grid();
        Forms.row(g, "Memory", new HBox(8, memory, memoryNote));
        Forms.row(g, "Virtual CPUs", new HBox(8, cpus, cpuNote));
        Forms.row(g, "Firmware", new HBox(16, bios, uefi, firmwareNote));
        Forms.row(g, "Machine", new HBox(8, machine, machineNote));
        for (HBox row : g.getChildren().stream().filter(HBox.class::isInstance).map(HBox.class::cast).toList()) {
            row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        }
        Label tcg = new Label();
        tcg.getStyleClass().add("wizard-warning");
        tcg.setWrapText(true);
        Forms.shownWhen(tcg, Bindings.createBooleanBinding(() -> m.facts.get() != null && !m.facts.get().kvm()
                && m.facts.get().emulation(), m.facts));
        tcg.setText("This host has no hardware virtualization (KVM): the VM runs in software emulation (TCG),"
                + " roughly ten times slower. Fine for tests and light work.");

        return Forms.page(Forms.heading("Which operating system will it run?"), detected, search, list, recommended,
                Forms.heading("Resources"), g, tcg);
    }

    private String recommendation() {
        OsDatabase.Os os = m.os.get();
        if (os == null) {
            return db == null ? "The OS database (osinfo-db) is being read…" : "No OS chosen: general defaults.";
        }
        var r = os.recommended();
        StringBuilder b = new StringBuilder("Recommended for " + os.name() + ":");
        if (r.ramBytes() > 0) {
            b.append(" ").append(CreationCheck.gib(r.ramBytes())).append(" memory,");
        }
        if (r.cpus() > 0) {
            b.append(" ").append(r.cpus()).append(" vCPUs,");
        }
        if (r.storageBytes() > 0) {
            b.append(" ").append(CreationCheck.gib(r.storageBytes())).append(" disk,");
        }
        b.append(os.virtio() ? " virtio drivers" : " no virtio drivers (emulated devices)");
        if (os.efi() && !os.bios()) {
            b.append(", UEFI");
        }
        return b.append(".").toString();
    }

    private void refilter() {
        if (db == null) {
            return;
        }
        String q = search.getText() == null ? "" : search.getText().strip();
        var found = q.isEmpty() ? db.all().stream().filter(os -> !os.releaseDate().isEmpty())
                .sorted(java.util.Comparator.comparing(OsDatabase.Os::releaseDate).reversed()).toList() : db.search(q);
        choosing = true;
        try {
            results.setAll(GENERIC);
            results.addAll(found.subList(0, Math.min(SHOWN, found.size())));
            selectInList(m.os.get());
        } finally {
            choosing = false;
        }
    }

    private void selectInList(OsDatabase.Os os) {
        boolean was = choosing;
        choosing = true;
        try {
            if (os == null) {
                list.getSelectionModel().select(0);
            } else if (results.contains(os)) {
                list.getSelectionModel().select(os);
                list.scrollTo(os);
            } else {
                list.getSelectionModel().clearSelection();
            }
        } finally {
            choosing = was;
        }
    }
}
