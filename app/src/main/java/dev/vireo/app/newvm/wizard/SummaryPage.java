package dev.vireo.app.newvm.wizard;

import dev.vireo.app.newvm.CreationCheck;
import dev.vireo.app.gpu.PassthroughPlan;
import dev.vireo.app.newvm.DiskChoice;
import dev.vireo.app.newvm.GpuChoice;
import dev.vireo.app.newvm.NewVm;
import dev.vireo.app.newvm.Verdict;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Page 6: the name, everything chosen, what the user should know, the domain XML (read-only, or
 * editable with "customize before install"), "start after creation", and the progress while the
 * VM is created.
 */
final class SummaryPage {

    private final WizardModel m;
    private final GridPane facts = Forms.grid();
    private final VBox warnings = new VBox(4);
    private final TextArea xml = new TextArea();
    final ProgressBar progress = new ProgressBar(0);
    final Label step = new Label();

    SummaryPage(WizardModel model) {
        this.m = model;
    }

    Node view() {
        TextField name = new TextField();
        name.setId("wizard-name");
        name.textProperty().bindBidirectional(m.name);
        TextField title = new TextField();
        title.setId("wizard-title");
        title.setPromptText("optional: a short description shown with the name");
        title.textProperty().bindBidirectional(m.title);
        GridPane top = Forms.grid();
        Forms.row(top, "Name", name);
        Forms.row(top, "Title", title);

        facts.setId("wizard-summary");
        warnings.setId("wizard-warnings");
        CheckBox start = new CheckBox("Start the VM after creating it");
        start.setId("wizard-start");
        start.selectedProperty().bindBidirectional(m.start);
        CheckBox customize = new CheckBox("Customize the XML before creating (checked by libvirt's schema)");
        customize.setId("wizard-customize");
        customize.selectedProperty().bindBidirectional(m.customize);
        customize.selectedProperty().addListener((o, a, b) -> {
            if (b) {
                m.customXml.set(m.generatedXml()); // from here on, the XML is the user's
            }
        });
        xml.setId("wizard-xml");
        xml.setPrefRowCount(12);
        xml.getStyleClass().add("wizard-xml");
        xml.editableProperty().bind(m.customize);
        xml.textProperty().addListener((o, a, b) -> {
            if (m.customize.get()) {
                m.customXml.set(b);
            }
        });
        Label customNote = Forms.note("Your XML replaces the choices on the other pages; untick to go back to them.");
        Forms.shownWhen(customNote, m.customize);
        progress.setId("wizard-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        step.setId("wizard-step");
        HBox progressRow = new HBox(12, progress, step);
        HBox.setHgrow(progress, Priority.ALWAYS);
        Forms.shownWhen(progressRow, step.textProperty().isNotEmpty());
        VBox.setVgrow(xml, Priority.ALWAYS);
        return Forms.page(top, facts, warnings, Forms.heading("Domain XML"), customize, customNote, xml, start, progressRow);
    }

    /** Re-reads the model; called whenever a choice changes while this page is shown. */
    void refresh(Verdict verdict) {
        facts.getChildren().clear();
        NewVm vm = m.vm();
        Forms.row(facts, "Host", text(m.hostName.get()));
        Forms.row(facts, "Boots from", text(source(vm)));
        Forms.row(facts, "OS", text(m.os.get() == null ? "generic" : m.os.get().name()));
        Forms.row(facts, "Resources", text(CreationCheck.mib(vm.memoryMiB()) + " memory · " + vm.vcpus() + " vCPUs · "
                + vm.firmware() + " · " + vm.machine() + (m.facts.get() != null && !m.facts.get().kvm()
                && m.facts.get().emulation() ? " · software emulation (TCG)" : "")));
        Forms.row(facts, "Disk", text(disk()));
        Forms.row(facts, "Network", text(vm.network() == null ? "none"
                : (vm.network().kind() == NewVm.Network.Kind.BRIDGE ? "bridge " : "network ") + vm.network().name()
                        + " (" + vm.network().model() + ")"));
        NewVm.Display d = vm.display();
        Forms.row(facts, "Display", text(d == null ? "none" : "SPICE + QXL, " + d.heads() + (d.heads() == 1 ? " monitor" : " monitors")
                + ", " + d.listen() + ", port " + (d.port() == 0 ? "automatic" : d.port())
                + (d.password() == null ? ", no password" : ", password " + (m.passwordKind.get() == WizardModel.PasswordKind.GENERATE
                        ? m.generatedPassword.get() : "(typed)")) + (d.tls() ? ", TLS" : "")));
        Label card = text(card());
        card.setId("wizard-summary-gpu");
        Forms.row(facts, "Graphics card", card);
        String reach = m.reach();
        if (reach != null) {
            Label r = text(reach);
            r.setId("wizard-summary-reach");
            Forms.row(facts, "Who connects", r);
        }
        warnings.getChildren().clear();
        if (verdict != null) {
            verdict.warnings().forEach(w -> {
                Label l = new Label("⚠ " + w);
                l.setWrapText(true);
                l.getStyleClass().add("wizard-warning");
                warnings.getChildren().add(l);
            });
        }
        if (!m.customize.get()) {
            String generated = verdict == null ? "" : m.generatedXml();
            if (!generated.equals(xml.getText())) {
                xml.setText(generated);
            }
        }
    }

    private String source(NewVm vm) {
        return switch (m.source.get()) {
            case ISO -> "ISO " + m.isoPath.get();
            case IMPORT -> "existing disk " + m.importPath.get();
            case PXE -> "the network (PXE)";
            case NETWORK -> "the installer of " + m.treeUrl.get() + ", then its disk";
            case KERNEL -> "kernel " + m.kernel.get() + (m.initrd.get().isBlank() ? "" : " + " + m.initrd.get());
        };
    }

    private String card() {
        GpuChoice c = m.gpuChoice();
        if (c == null) {
            return "none";
        }
        var o = c.options();
        StringBuilder b = new StringBuilder(c.label());
        if (o.functions() == PassthroughPlan.Functions.ALL && !c.card().functions().isEmpty()) {
            b.append(" with ").append(String.join(", ", c.card().functions().stream().map(f -> f.address()).toList()));
        }
        b.append(o.romBar() ? ", ROM BAR" : ", no ROM BAR");
        if (o.romFile() != null) {
            b.append(", ROM ").append(o.romFile());
        }
        b.append(o.managed() ? ", detached by libvirt" : ", detached by hand");
        if (o.hide() == PassthroughPlan.Hide.ON) {
            b.append(", hypervisor hidden");
        }
        return b.toString();
    }

    private String disk() {
        DiskChoice c = m.diskChoice();
        if (c instanceof DiskChoice.NewVolume v) {
            return "new " + CreationCheck.gib(v.sizeBytes()) + " qcow2 “" + v.name() + "” in pool " + v.pool();
        }
        return c instanceof DiskChoice.Existing e ? e.path() : "none";
    }

    private static Label text(String s) {
        Label l = new Label(s);
        l.setWrapText(true);
        l.setMinHeight(Label.USE_PREF_SIZE); // wrapped, never cut off with "…"
        l.setMinWidth(0);
        l.setPrefWidth(1);
        l.setMaxWidth(Double.MAX_VALUE);
        return l;
    }
}
