package dev.vireo.app.gpu.view;

import dev.vireo.app.common.DialogService;
import dev.vireo.app.gpu.PassthroughPlan;
import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.VirtException;
import dev.vireo.bridge.model.GpuReadiness;
import dev.vireo.bridge.model.HostGpus;
import dev.vireo.bridge.model.VirtualMachine;
import java.util.List;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Passing a graphics card through to a shut-off VM: pick a card (with the host's verdict on each),
 * choose the options (its other functions, ROM BAR, a ROM file, libvirt's detach, hiding the
 * hypervisor), and see exactly what changes in the VM's definition (a diff), with the refusals
 * and warnings, before Apply. Or give it a vGPU: an unused one, or a new one of a type a card has
 * free instances of (made on Apply, persistent, and removed again if the VM cannot take it).
 * Reading and applying run on the connection's thread.
 */
public final class PassthroughDialog {

    private final Stage stage = new Stage();
    private final HostConnection connection;
    private final VirtualMachine vm;
    private final DialogService dialogs;
    private final TableView<GpuReadiness.CardChecks> cards = new TableView<>();
    private final CheckBox allFunctions = new CheckBox("Its other functions too (HDMI audio)");
    private final CheckBox hide = new CheckBox("Hide the hypervisor from the guest's driver");
    private final CheckBox romBar = new CheckBox("Show the card's ROM (ROM BAR)");
    private final CheckBox managed = new CheckBox("libvirt takes the card from the host when the VM starts");
    private final CheckBox toQ35 = new CheckBox("Make the machine q35 (PCI Express), as cards expect");
    private final CheckBox toUefi = new CheckBox("Boot with UEFI (OVMF), for an OS not installed yet: one installed with BIOS will not boot");
    private final TextField romFile = new TextField();
    private final Label verdict = new Label();
    private final TextArea diff = new TextArea();
    private final Button apply = new Button("Apply");
    private final RadioButton wholeCard = new RadioButton("The whole card");
    private final RadioButton vgpu = new RadioButton("A vGPU: a share of a card that offers them");
    private final ListView<VgpuChoice> vgpus = new ListView<>();
    private final CheckBox vgpuDisplay = new CheckBox("Show its picture in the VM's console (display, and ramfb for the boot screen)");
    private final VBox cardPane;
    private final VBox vgpuPane;
    private GpuReadiness readiness;
    private String xml;
    private PassthroughPlan plan;

    public PassthroughDialog(Window owner, HostConnection connection, VirtualMachine vm, DialogService dialogs,
            List<String> stylesheets) {
        this.connection = connection;
        this.vm = vm;
        this.dialogs = dialogs;
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle("Pass a Graphics Card Through to “" + vm.name() + "”");

        cards.setId("passthrough-cards");
        cards.setPrefHeight(210);
        cards.setMinHeight(180); // four cards in view; the diff gives way first
        cards.setPlaceholder(new Label("Reading the host's graphics cards…"));
        cards.getColumns().add(column("Card", 300, c -> c.gpu().device().address() + "  " + c.gpu().device().product()));
        cards.getColumns().add(column("IOMMU group", 170, c -> c.gpu().iommuGroup() < 0 ? "none"
                : c.gpu().iommuGroup() + (c.gpu().isolated() ? " · isolated" : " · shared")));
        cards.getColumns().add(column("Used by", 120, c -> String.join(", ", c.gpu().usedBy())));
        cards.getColumns().add(column("Verdict", 120, c -> readiness == null ? "" : !c.gpu().mdevs().isEmpty() ? "has vGPUs"
                : readiness.ready(c) ? "ready" : "not ready"));
        cards.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        cards.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> replan());

        allFunctions.setId("passthrough-all-functions");
        hide.setId("passthrough-hide");
        romBar.setId("passthrough-rom-bar");
        managed.setId("passthrough-managed");
        romFile.setId("passthrough-rom-file");
        toQ35.setId("passthrough-q35");
        toUefi.setId("passthrough-uefi");
        for (CheckBox b : List.of(toQ35, toUefi)) { // shown once the definition says the VM has not got them
            b.setVisible(false);
            b.setManaged(false);
        }
        romFile.setPromptText("ROM file on the host (optional), e.g. /var/lib/libvirt/vbios/card.rom");
        allFunctions.setSelected(true);
        romBar.setSelected(true);
        managed.setSelected(true);
        hide.selectedProperty().addListener((o, was, now) -> {
            if (!hideByCard) {
                hideTouched = true;
            }
        });
        for (CheckBox b : List.of(allFunctions, hide, romBar, managed, toQ35, toUefi)) {
            b.selectedProperty().addListener((o, was, now) -> replan());
        }
        romFile.textProperty().addListener((o, was, now) -> replan());
        Label hideHint = new Label("Older NVIDIA drivers stop when they see a hypervisor (Windows' “Code 43”); on for NVIDIA"
                + " cards, it hides KVM and gives Hyper-V another vendor id.");
        hideHint.setWrapText(true);
        hideHint.getStyleClass().add("text-muted");
        hideHint.setMinHeight(Region.USE_PREF_SIZE); // wrapped, not cut short with "…"

        verdict.setId("passthrough-verdict");
        verdict.setWrapText(true);
        verdict.setMinHeight(Region.USE_PREF_SIZE);
        diff.setId("passthrough-diff");
        diff.setEditable(false);
        diff.setStyle("-fx-font-family: monospace;");
        diff.setPrefRowCount(14);
        diff.setMinHeight(140);

        apply.setId("passthrough-apply");
        apply.setDefaultButton(true);
        apply.setDisable(true);
        apply.setOnAction(e -> apply());
        Button cancel = new Button("Cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> stage.close());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox buttons = new HBox(8, gap, cancel, apply);

        VBox options = new VBox(6, allFunctions, romBar, romFile, managed, hide, hideHint, toQ35, toUefi);
        cardPane = new VBox(10, cards, new Label("Options"), options);

        vgpus.setId("passthrough-vgpus");
        vgpus.setPrefHeight(210);
        vgpus.setPlaceholder(new Label("No card on this host offers vGPUs (mediated devices)."));
        vgpus.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> replan());
        vgpuDisplay.setId("passthrough-vgpu-display");
        vgpuDisplay.setSelected(true);
        vgpuDisplay.selectedProperty().addListener((o, a, b) -> replan());
        vgpuPane = new VBox(10, vgpus, vgpuDisplay);

        ToggleGroup kind = new ToggleGroup();
        wholeCard.setToggleGroup(kind);
        vgpu.setToggleGroup(kind);
        wholeCard.setId("passthrough-kind-card");
        vgpu.setId("passthrough-kind-vgpu");
        wholeCard.setSelected(true);
        kind.selectedToggleProperty().addListener((o, a, b) -> showKind());
        showKind();
        VBox body = new VBox(10, new HBox(16, wholeCard, vgpu), cardPane, vgpuPane, verdict,
                new Label("What changes in the definition"), diff);
        VBox.setVgrow(diff, Priority.ALWAYS);
        body.setPadding(new Insets(12));
        BorderPane root = new BorderPane(body);
        buttons.setPadding(new Insets(0, 12, 12, 12));
        root.setBottom(buttons);
        Scene scene = new Scene(root, 860, 800);
        scene.getStylesheets().setAll(stylesheets);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), stage::close);
        stage.setScene(scene);
    }

    public Stage stage() {
        return stage;
    }

    /**
     * A vGPU to give: an existing one no VM uses ({@code existing}), or a new one of {@code type}
     * on {@code card}, to be made with {@code uuid} on Apply.
     */
    record VgpuChoice(HostGpus.Gpu card, HostGpus.MdevType type, HostGpus.Mdev existing, String uuid) {

        @Override
        public String toString() {
            String on = " on " + card.device().address() + " " + card.device().product();
            return existing != null ? "Unused vGPU " + uuid.substring(0, 8) + "… · " + (type == null ? existing.typeId()
                    : type.name() + " (" + existing.typeId() + ")") + on
                    : "New vGPU · " + type.name() + " (" + type.id() + ")" + on + " · " + type.available() + " free";
        }
    }

    /** The vGPUs this host can give: the unused ones first, then one new per type with free instances. */
    private static List<VgpuChoice> vgpuChoices(GpuReadiness r) {
        List<VgpuChoice> choices = new java.util.ArrayList<>();
        for (GpuReadiness.CardChecks c : r.cards()) {
            for (HostGpus.Mdev m : c.gpu().mdevs()) {
                if (m.usedBy().isEmpty()) {
                    HostGpus.MdevType type = c.gpu().mdevTypes().stream().filter(t -> t.id().equals(m.typeId())).findFirst()
                            .orElse(null);
                    choices.add(new VgpuChoice(c.gpu(), type, m, m.uuid()));
                }
            }
        }
        for (GpuReadiness.CardChecks c : r.cards()) {
            c.gpu().mdevTypes().stream().filter(t -> t.available() > 0)
                    .forEach(t -> choices.add(new VgpuChoice(c.gpu(), t, null, java.util.UUID.randomUUID().toString())));
        }
        return choices;
    }

    private void showKind() {
        boolean v = vgpu.isSelected();
        cardPane.setVisible(!v);
        cardPane.setManaged(!v);
        vgpuPane.setVisible(v);
        vgpuPane.setManaged(v);
        stage.setTitle((v ? "Give a vGPU to “" : "Pass a Graphics Card Through to “") + vm.name() + "”");
        replan();
    }

    /** Shows the dialog and reads the host's cards and the VM's definition aside. */
    public void show() {
        stage.show();
        verdict.setText("Reading the host's graphics cards and the definition of “" + vm.name() + "”…");
        connection.gpus().readiness().thenCombine(connection.operations().inactiveDefinition(vm), (r, x) -> {
            Platform.runLater(() -> {
                readiness = r;
                xml = x;
                dev.vireo.app.gpu.MachineChange.Machine machine = dev.vireo.app.gpu.MachineChange.Machine.of(x);
                toQ35.setVisible(!machine.q35());
                toQ35.setManaged(!machine.q35());
                toUefi.setVisible(!machine.uefi());
                toUefi.setManaged(!machine.uefi());
                cards.getItems().setAll(r.cards());
                vgpus.getItems().setAll(vgpuChoices(r));
                cards.setPlaceholder(new Label("No graphics cards (PCI display class) on this host."));
                verdict.setText(r.cards().isEmpty() ? "This host has no graphics card to pass through." : "Pick a card.");
                if (!r.hostReady()) {
                    verdict.setText(r.host().stream().filter(c -> c.verdict() == GpuReadiness.Verdict.PROBLEM)
                            .map(c -> c.finding() + " " + c.fix()).findFirst().orElse("The host is not ready."));
                }
            });
            return null;
        }).exceptionally(failure -> {
            VirtException e = VirtException.wrap("Could not read the graphics cards", failure);
            Platform.runLater(() -> verdict.setText(e.userMessage()));
            return null;
        });
    }

    /** Works the plan out again for the card and options chosen (XML only: quick, on the FX thread). */
    private void replan() {
        if (vgpu.isSelected()) {
            replanVgpu();
            return;
        }
        GpuReadiness.CardChecks card = cards.getSelectionModel().getSelectedItem();
        if (card == null || xml == null) {
            apply.setDisable(true);
            return;
        }
        boolean nvidia = "10de".equals(card.gpu().device().vendorId());
        if (!hideTouched) {
            hideByCard = true;
            hide.setSelected(nvidia);
            hideByCard = false;
        }
        plan = PassthroughPlan.of(xml, vm.name(), vm.active(), card.gpu(), readiness, new PassthroughPlan.Options(
                allFunctions.isSelected() ? PassthroughPlan.Functions.ALL : PassthroughPlan.Functions.ONLY,
                hide.isSelected() ? PassthroughPlan.Hide.ON : PassthroughPlan.Hide.OFF, romBar.isSelected(),
                romFile.getText().isBlank() ? null : romFile.getText().strip(), managed.isSelected(), toQ35.isSelected(),
                toUefi.isSelected()));
        showPlan(List.of());
    }

    private void replanVgpu() {
        VgpuChoice choice = vgpus.getSelectionModel().getSelectedItem();
        if (choice == null || xml == null) {
            plan = null;
            diff.setText("");
            apply.setDisable(true);
            return;
        }
        plan = PassthroughPlan.ofVgpu(xml, vm.name(), vm.active(), choice.uuid(), vgpuDisplay.isSelected());
        showPlan(choice.existing() != null ? List.of() : List.of("Apply first makes a " + choice.type().name() + " vGPU on "
                + choice.card().device().address() + " (persistent: it comes back when the host restarts)."));
    }

    private void showPlan(List<String> notes) {
        List<String> lines = new java.util.ArrayList<>();
        plan.refusals().forEach(r -> lines.add("Cannot: " + r));
        plan.warnings().forEach(w -> lines.add("Note: " + w));
        notes.forEach(n -> lines.add("Note: " + n));
        verdict.setText(lines.isEmpty() ? "Ready to apply." : String.join("\n", lines));
        diff.setText(plan.diff());
        apply.setDisable(plan.refused());
    }

    /** Whether the user set "hide" (then it stays as set), or it follows the card (on for NVIDIA). */
    private boolean hideTouched;
    private boolean hideByCard;

    private void apply() {
        PassthroughPlan chosen = plan;
        VgpuChoice newVgpu = vgpu.isSelected() && vgpus.getSelectionModel().getSelectedItem() != null
                && vgpus.getSelectionModel().getSelectedItem().existing() == null ? vgpus.getSelectionModel().getSelectedItem() : null;
        apply.setDisable(true);
        verdict.setText(newVgpu == null ? "Applying…" : "Making the vGPU on " + newVgpu.card().device().address() + "…");
        (newVgpu == null ? connection.provisioning().redefine(vm.name(), vm.uuid(), chosen.after())
                : dev.vireo.app.gpu.Vgpus.makeAndGive(connection, vm, newVgpu.card().name(), newVgpu.type().id(), newVgpu.uuid(),
                        chosen.after()))
                .whenComplete((ok, failure) -> Platform.runLater(() -> {
            if (failure != null) {
                VirtException e = VirtException.wrap("Could not change the definition of “" + vm.name() + "”", failure);
                verdict.setText(e.userMessage());
                apply.setDisable(false);
                dialogs.showError(e.userMessage(), e.details());
                return;
            }
            stage.close();
        }));
    }

    private static TableColumn<GpuReadiness.CardChecks, String> column(String title, double width,
            java.util.function.Function<GpuReadiness.CardChecks, String> value) {
        TableColumn<GpuReadiness.CardChecks, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(value.apply(f.getValue())));
        return c;
    }
}
