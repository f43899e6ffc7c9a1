package dev.vireo.app.newvm.wizard;

import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The wizard pages' building blocks: a titled section, a two-column form, a muted note. */
final class Forms {

    private Forms() {
    }

    static Label heading(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("wizard-heading");
        return l;
    }

    static Label note(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("wizard-note");
        l.setWrapText(true);
        l.setMinHeight(Label.USE_PREF_SIZE);
        return l;
    }

    /** A grid with labels on the left and fields filling the rest. */
    static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(12);
        g.setVgap(8);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setHalignment(HPos.RIGHT);
        labels.setMinWidth(Label.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setFillWidth(true);
        g.getColumnConstraints().addAll(labels, fields);
        return g;
    }

    static void row(GridPane g, String label, Node field) {
        int r = g.getRowCount();
        Label l = new Label(label);
        l.setLabelFor(field);
        if (field instanceof javafx.scene.layout.HBox box) {
            box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        }
        g.add(l, 0, r);
        g.add(field, 1, r);
    }

    static VBox page(Node... children) {
        VBox box = new VBox(12, children);
        box.setPadding(new Insets(20, 24, 20, 24));
        return box;
    }

    /** Shows {@code node} only while {@code visible}, taking no space otherwise. */
    static <T extends Node> T shownWhen(T node, javafx.beans.value.ObservableBooleanValue visible) {
        node.visibleProperty().bind(visible);
        node.managedProperty().bind(visible);
        return node;
    }
}
