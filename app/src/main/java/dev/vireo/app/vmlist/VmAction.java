package dev.vireo.app.vmlist;

import dev.vireo.bridge.DomainOperations;
import dev.vireo.bridge.model.DomainState;
import dev.vireo.bridge.model.VirtualMachine;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/** What can be done to selected VMs, when it applies, and how it is labelled, drawn and reached by key. */
public enum VmAction {
    START("Start", "Starting", "started", Material2MZ.PLAY_ARROW, shortcut(KeyCode.S),
            vm -> !vm.active(), DomainOperations::start),
    SHUTDOWN("Shut Down", "Shutting down", "asked to shut down", Material2MZ.POWER_SETTINGS_NEW, shortcut(KeyCode.D),
            vm -> vm.state() == DomainState.RUNNING || vm.state() == DomainState.BLOCKED, DomainOperations::shutdown),
    REBOOT("Reboot", "Rebooting", "asked to reboot", Material2MZ.REPLAY, shortcut(KeyCode.R),
            vm -> vm.state() == DomainState.RUNNING || vm.state() == DomainState.BLOCKED, DomainOperations::reboot),
    FORCE_OFF("Force Off", "Forcing off", "forced off", Material2MZ.STOP, shortcut(KeyCode.F),
            VirtualMachine::active, DomainOperations::forceOff),
    PAUSE("Pause", "Pausing", "paused", Material2MZ.PAUSE, shortcut(KeyCode.P),
            vm -> vm.state() == DomainState.RUNNING || vm.state() == DomainState.BLOCKED, DomainOperations::pause),
    RESUME("Resume", "Resuming", "resumed", Material2MZ.PLAY_CIRCLE_OUTLINE, shortcut(KeyCode.U),
            vm -> vm.state() == DomainState.PAUSED || vm.state() == DomainState.PMSUSPENDED, DomainOperations::resume),
    SAVE("Save", "Saving", "saved", Material2MZ.SAVE, shortcut(KeyCode.M),
            vm -> vm.persistent() && (vm.state() == DomainState.RUNNING || vm.state() == DomainState.PAUSED),
            DomainOperations::managedSave),
    DELETE("Delete…", "Deleting", "deleted", Material2AL.DELETE_OUTLINE, new KeyCodeCombination(KeyCode.DELETE),
            vm -> !vm.active() && vm.persistent(), DomainOperations::delete);

    private final String label;
    private final String progressVerb;
    private final String pastTense;
    private final Ikon icon;
    private final KeyCombination accelerator;
    private final Predicate<VirtualMachine> appliesTo;
    private final BiFunction<DomainOperations, VirtualMachine, CompletableFuture<Void>> operation;

    VmAction(String label, String progressVerb, String pastTense, Ikon icon, KeyCombination accelerator,
            Predicate<VirtualMachine> appliesTo, BiFunction<DomainOperations, VirtualMachine, CompletableFuture<Void>> operation) {
        this.label = label;
        this.progressVerb = progressVerb;
        this.pastTense = pastTense;
        this.icon = icon;
        this.accelerator = accelerator;
        this.appliesTo = appliesTo;
        this.operation = operation;
    }

    private static KeyCombination shortcut(KeyCode code) {
        return new KeyCodeCombination(code, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);
    }

    public String label() {
        return label;
    }

    /** "Starting", for the status bar while the action runs. */
    public String progressVerb() {
        return progressVerb;
    }

    /** "started", for the status bar when it is done. */
    public String pastTense() {
        return pastTense;
    }

    public Ikon icon() {
        return icon;
    }

    public KeyCombination accelerator() {
        return accelerator;
    }

    public boolean appliesTo(VirtualMachine vm) {
        return appliesTo.test(vm);
    }

    CompletableFuture<Void> run(DomainOperations ops, VirtualMachine vm) {
        return operation.apply(ops, vm);
    }

    /** The label without the ellipsis, for sentences. */
    public String verb() {
        return label.replace("…", "");
    }
}
