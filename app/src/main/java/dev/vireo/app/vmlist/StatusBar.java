package dev.vireo.app.vmlist;

import dev.vireo.bridge.model.DomainState;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The bottom line: VM counts by state, the selection, and what the last action did. */
final class StatusBar {

    private final Label counts = new Label();
    private final Label selected = new Label();
    private final Label activity = new Label();
    private final HBox box;

    StatusBar(VmListModel model, VmActions actions) {
        counts.setId("status-counts");
        selected.setId("status-selected");
        activity.setId("status-activity");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        box = new HBox(18, counts, selected, spacer, activity);
        box.getStyleClass().add("status-bar");
        model.countsProperty().addListener((o, a, c) -> counts.setText(describe(c)));
        counts.setText(describe(model.countsProperty().get()));
        activity.textProperty().bind(actions.activityProperty());
    }

    Node node() {
        return box;
    }

    void setSelected(int n) {
        selected.setText(n == 0 ? "" : n + " selected");
    }

    static String describe(VmListModel.Counts c) {
        if (c.total() == 0) {
            return "No virtual machines";
        }
        StringBuilder s = new StringBuilder(c.total() + (c.total() == 1 ? " VM" : " VMs"));
        s.append(": ").append(c.of(DomainState.RUNNING)).append(" running");
        append(s, c.of(DomainState.PAUSED), "paused");
        s.append(", ").append(c.of(DomainState.SHUTOFF)).append(" shut off");
        append(s, c.of(DomainState.CRASHED), "crashed");
        append(s, c.of(DomainState.PMSUSPENDED), "suspended");
        append(s, c.of(DomainState.SHUTDOWN) + c.of(DomainState.BLOCKED) + c.of(DomainState.NOSTATE), "other");
        return s.toString();
    }

    private static void append(StringBuilder s, int n, String word) {
        if (n > 0) {
            s.append(", ").append(n).append(' ').append(word);
        }
    }
}
