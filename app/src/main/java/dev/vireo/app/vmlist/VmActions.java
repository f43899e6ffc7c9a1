package dev.vireo.app.vmlist;

import dev.vireo.app.common.DialogService;
import dev.vireo.app.common.FxBridge;
import dev.vireo.bridge.VirtException;
import dev.vireo.bridge.model.VirtualMachine;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link VmAction}s on the selected VMs, in a batch: each VM's operation runs on its
 * connection's thread, failures are gathered into one error with details, and the status bar
 * says what is going on. Enabled states follow the selection and the VMs' states.
 */
public final class VmActions {

    private static final Logger LOG = LoggerFactory.getLogger(VmActions.class);

    private final DialogService dialogs;
    private final Map<VmAction, ReadOnlyBooleanWrapper> enabled = new EnumMap<>(VmAction.class);
    private final ReadOnlyStringWrapper activity = new ReadOnlyStringWrapper("");
    private List<VmRow> selection = List.of();

    public VmActions(DialogService dialogs) {
        this.dialogs = dialogs;
        for (VmAction a : VmAction.values()) {
            enabled.put(a, new ReadOnlyBooleanWrapper(false));
        }
    }

    public ReadOnlyBooleanProperty enabledProperty(VmAction action) {
        return enabled.get(action).getReadOnlyProperty();
    }

    /** What the last or current batch is doing, for the status bar. */
    public ReadOnlyStringProperty activityProperty() {
        return activity.getReadOnlyProperty();
    }

    /** Called when the selection or a selected VM's state changes. */
    public void selectionChanged(List<? extends TableEntry> selected) {
        List<VmRow> rows = new ArrayList<>();
        for (TableEntry e : selected) {
            if (e instanceof VmRow r) {
                rows.add(r);
            }
        }
        selection = rows;
        refresh();
    }

    public int selectedCount() {
        return selection.size();
    }

    private static boolean online(VmRow r) {
        return !r.connection().offline();
    }

    /** Recomputes which actions apply (also after a selected VM changed state). */
    public void refresh() {
        for (VmAction a : VmAction.values()) {
            enabled.get(a).set(selection.stream().anyMatch(r -> online(r) && a.appliesTo(r.vm())));
        }
    }

    /** Runs {@code action} on every selected VM it applies to; Delete asks first. */
    public CompletableFuture<Void> run(VmAction action) {
        // VMs of a disconnected host are skipped: their state is only as last seen
        List<VmRow> targets = selection.stream().filter(r -> online(r) && action.appliesTo(r.vm())).toList();
        if (targets.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (action == VmAction.DELETE && !confirmDelete(targets)) {
            return CompletableFuture.completedFuture(null);
        }
        String what = describe(targets);
        activity.set(action.progressVerb() + " " + what + "…");
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (VmRow r : targets) {
            VirtualMachine vm = r.vm();
            futures.add(action.run(r.connection().entry().connection().operations(), vm)
                    .exceptionally(t -> {
                        VirtException e = VirtException.wrap("Could not " + action.verb().toLowerCase(Locale.ROOT)
                                + " “" + vm.name() + "”", t);
                        LOG.warn("{} ({})", e.userMessage(), e.details());
                        synchronized (failures) {
                            failures.add(e.userMessage() + "\n    " + e.details());
                        }
                        return null;
                    }));
        }
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenRun(() -> FxBridge.run(() -> finished(action, targets, what, failures)));
    }

    private void finished(VmAction action, List<VmRow> targets, String what, List<String> failures) {
        if (failures.isEmpty()) {
            activity.set(capitalize(what) + " " + action.pastTense() + ".");
            return;
        }
        activity.set(failures.size() + " of " + targets.size() + " failed to " + action.verb().toLowerCase(Locale.ROOT) + ".");
        String summary = failures.size() == 1 && targets.size() == 1
                ? failures.get(0).lines().findFirst().orElse("")
                : failures.size() + " of " + targets.size() + " virtual machines could not "
                        + action.verb().toLowerCase(Locale.ROOT) + ".";
        dialogs.showError(summary, String.join("\n", failures));
    }

    private boolean confirmDelete(List<VmRow> targets) {
        List<VmRow> refused = selection.stream().filter(r -> !VmAction.DELETE.appliesTo(r.vm())).toList();
        StringBuilder body = new StringBuilder();
        body.append(targets.stream().map(r -> "• " + r.vm().name()).limit(12).collect(Collectors.joining("\n")));
        if (targets.size() > 12) {
            body.append("\n… and ").append(targets.size() - 12).append(" more");
        }
        body.append("\n\nTheir definitions, snapshots metadata, managed save images and NVRAM are removed."
                + " Disk images are kept.");
        if (!refused.isEmpty()) {
            body.append("\n\nNot deleted (shut them down first): ")
                    .append(refused.stream().map(r -> r.vm().name() + " (" + r.vm().state().label().toLowerCase(Locale.ROOT) + ")")
                            .limit(6).collect(Collectors.joining(", ")));
        }
        String question = targets.size() == 1
                ? "Delete the virtual machine “" + targets.get(0).vm().name() + "”?"
                : "Delete " + targets.size() + " virtual machines?";
        return dialogs.confirm("Delete virtual machines", question, body.toString(), "Delete");
    }

    private static String describe(List<VmRow> targets) {
        return targets.size() == 1 ? "“" + targets.get(0).vm().name() + "”" : targets.size() + " VMs";
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
