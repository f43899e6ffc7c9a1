package dev.vireo.app.newvm.wizard;

import atlantafx.base.theme.Styles;
import dev.vireo.bridge.model.GpuReadiness;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Page 5: a graphics card passed through to the new VM, or none (the default: the SPICE console
 * only). The host's cards with its verdict on each, as the pass-through dialog for an existing VM
 * shows them, what the chosen card's checks found, the options, and q35 with UEFI, which a
 * passed-through card wants. The cards are read when the page is first shown; a host that cannot
 * pass a card through says why and leaves only "No graphics card".
 */
final class GpuPage {

    private final WizardModel m;
    private final TableView<GpuReadiness.CardChecks> cards = new TableView<>();
    private final VBox findings = new VBox(2);
    private boolean selecting;

    GpuPage(WizardModel model) {
        this.m = model;
        m.gpus.addListener((o, was, now) -> fill(now));
        m.card.addListener((o, was, now) -> {
            select(now);
            showFindings(now);
        });
    }

    Node view() {
        ToggleGroup choice = new ToggleGroup();
        RadioButton none = new RadioButton("No graphics card: the console only");
        none.setId("wizard-gpu-none");
        RadioButton pass = new RadioButton("Pass one of the host's graphics cards through:");
        pass.setId("wizard-gpu-pass");
        none.setToggleGroup(choice);
        pass.setToggleGroup(choice);
        (m.passCard.get() ? pass : none).setSelected(true);
        choice.selectedToggleProperty().addListener((o, was, now) -> m.passCard.set(now == pass));
        m.passCard.addListener((o, was, now) -> (now ? pass : none).setSelected(true));
        pass.disableProperty().bind(Bindings.createBooleanBinding(() -> m.gpus.get() == null || !m.gpus.get().hostReady()
                || m.gpus.get().cards().isEmpty(), m.gpus));

        Label state = Forms.note("");
        state.setId("wizard-gpu-state");
        state.textProperty().bind(Bindings.createStringBinding(this::state, m.gpus, m.gpusProblem));
        Forms.shownWhen(state, state.textProperty().isNotEmpty());
        Runnable styleState = () -> state.getStyleClass().setAll("label",
                m.gpus.get() != null && !m.gpus.get().hostReady() ? "wizard-warning" : "wizard-note");
        styleState.run();
        m.gpus.addListener((o, was, now) -> styleState.run());

        cards.setId("wizard-gpu-cards");
        cards.getStyleClass().add(Styles.DENSE);
        cards.setFixedCellSize(28);
        cards.setPrefHeight(34 + 6 * 28 + 2); // six cards without scrolling
        cards.setMinHeight(Region.USE_PREF_SIZE);
        cards.setPlaceholder(new Label("Reading the host's graphics cards…"));
        cards.getColumns().add(column("Card", 400, c -> c.gpu().device().address() + "  " + c.gpu().device().product()));
        cards.getColumns().add(column("IOMMU group", 120, c -> c.gpu().iommuGroup() < 0 ? "none"
                : c.gpu().iommuGroup() + (c.gpu().isolated() ? " · isolated" : " · shared")));
        cards.getColumns().add(column("Used by", 100, c -> String.join(", ", c.gpu().usedBy())));
        cards.getColumns().add(column("Verdict", 80, c -> m.gpus.get() == null ? "" : !c.gpu().mdevs().isEmpty() ? "has vGPUs"
                : m.gpus.get().ready(c) ? "ready" : "not ready"));
        cards.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        cards.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (!selecting) {
                m.card.set(now);
            }
        });
        cards.disableProperty().bind(m.passCard.not());
        findings.setId("wizard-gpu-findings");
        fill(m.gpus.get());

        CheckBox functions = check("Its other functions too (HDMI audio)", m.cardFunctions, "wizard-gpu-functions");
        CheckBox romBar = check("Show the card's ROM (ROM BAR)", m.romBar, "wizard-gpu-rom-bar");
        TextField romFile = new TextField();
        romFile.setId("wizard-gpu-rom-file");
        romFile.setPromptText("ROM file on the host (optional)");
        romFile.textProperty().bindBidirectional(m.romFile);
        HBox.setHgrow(romFile, Priority.ALWAYS);
        CheckBox managed = check("libvirt takes the card from the host when the VM starts", m.managedDetach,
                "wizard-gpu-managed");
        Label manual = Forms.note("by hand: bind it to vfio-pci on the host first");
        Forms.shownWhen(manual, m.managedDetach.not());
        HBox detach = new HBox(12, managed, manual);
        detach.setAlignment(Pos.CENTER_LEFT);
        CheckBox hide = check("Hide the hypervisor from the guest's driver", m.hideHypervisor, "wizard-gpu-hide");
        Label hideHint = Forms.note("Older NVIDIA drivers stop when they see a hypervisor (Windows' “Code 43”); on for NVIDIA"
                + " cards, it hides KVM and gives Hyper-V another vendor id.");
        CheckBox machine = check("Use q35 and UEFI (recommended for a passed-through card)", m.cardMachine, "wizard-gpu-q35-uefi");
        Label machineNote = Forms.note("");
        machineNote.textProperty().bind(Bindings.createStringBinding(() -> "The machine is " + m.machine.get()
                + " and boots with " + m.firmware.get() + " (page 2): a card wants PCI Express and UEFI from the"
                + " installation on.", m.machine, m.firmware));

        GridPane options = Forms.grid();
        Forms.row(options, "Functions", functions);
        Forms.row(options, "ROM", new HBox(12, romBar, romFile));
        Forms.row(options, "Detach", detach);
        Forms.row(options, "Guest driver", new VBox(4, hide, hideHint));
        Forms.row(options, "Machine", new VBox(4, machine, machineNote));
        BooleanBinding noCard = Bindings.createBooleanBinding(() -> m.gpuChoice() == null, m.passCard, m.card);
        options.disableProperty().bind(noCard);

        Label intro = Forms.note("The guest's own driver drives a card passed through; the SPICE console stays as the VM's"
                + " console.");
        return Forms.page(Forms.heading("Pass a graphics card through?"), intro, new VBox(8, none, pass, state), cards,
                findings, options);
    }

    /** What the page says above the cards: reading, why they could not be read, or why none can be chosen. */
    private String state() {
        GpuReadiness r = m.gpus.get();
        if (!m.gpusProblem.get().isEmpty()) {
            return m.gpusProblem.get();
        }
        if (r == null) {
            return "";
        }
        if (!r.hostReady()) {
            return "This host cannot pass a card through: " + r.host().stream()
                    .filter(c -> c.verdict() == GpuReadiness.Verdict.PROBLEM)
                    .map(c -> c.finding() + " " + c.fix()).collect(Collectors.joining(" "));
        }
        return r.cards().isEmpty() ? "This host has no graphics card to pass through." : "";
    }

    private void fill(GpuReadiness r) {
        selecting = true;
        try {
            cards.getItems().setAll(r == null ? java.util.List.of() : r.cards());
            cards.setPlaceholder(new Label(r == null ? "Reading the host's graphics cards…"
                    : "No graphics cards (PCI display class) on this host."));
        } finally {
            selecting = false;
        }
        select(m.card.get());
    }

    private void select(GpuReadiness.CardChecks card) {
        selecting = true;
        try {
            if (card == null) {
                cards.getSelectionModel().clearSelection();
            } else {
                cards.getSelectionModel().select(card);
            }
        } finally {
            selecting = false;
        }
    }

    /** The chosen card's checks that are not simply fine: warnings, and what only the host can tell. */
    private void showFindings(GpuReadiness.CardChecks card) {
        findings.getChildren().clear();
        if (card == null) {
            return;
        }
        for (GpuReadiness.Check c : card.checks()) {
            if (c.verdict() == GpuReadiness.Verdict.OK) {
                continue;
            }
            Label l = Forms.note(c.title() + ": " + c.finding() + (c.fix().isEmpty() ? "" : " " + c.fix()));
            if (c.verdict() != GpuReadiness.Verdict.ASK_HOST) {
                l.getStyleClass().setAll("label", "wizard-warning");
            }
            l.setId("wizard-gpu-check-" + c.id());
            findings.getChildren().add(l);
        }
    }

    private static CheckBox check(String text, BooleanProperty p, String id) {
        CheckBox c = new CheckBox(text);
        c.setMnemonicParsing(false);
        c.setId(id);
        c.selectedProperty().bindBidirectional(p);
        return c;
    }

    private static TableColumn<GpuReadiness.CardChecks, String> column(String title, double width,
            Function<GpuReadiness.CardChecks, String> value) {
        TableColumn<GpuReadiness.CardChecks, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(value.apply(f.getValue())));
        return c;
    }
}
