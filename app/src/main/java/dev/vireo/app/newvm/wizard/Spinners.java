package dev.vireo.app.newvm.wizard;

import javafx.beans.property.IntegerProperty;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextFormatter;

/** Integer spinners tied to a model property both ways, committing typed text as it is typed. */
final class Spinners {

    private Spinners() {
    }

    static void bind(Spinner<Integer> spinner, IntegerProperty property) {
        spinner.getValueFactory().setValue(property.get());
        spinner.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                property.set(b);
            }
        });
        property.addListener((o, a, b) -> {
            // not while the user types: the factory would clamp the half-typed number
            if (!spinner.isFocused() && !b.equals(spinner.getValue())) {
                spinner.getValueFactory().setValue(b.intValue());
            }
        });
        // digits only; each change reaches the model at once, so the page validates as one types
        spinner.getEditor().setTextFormatter(new TextFormatter<>(c -> c.getControlNewText().matches("\\d{0,9}") ? c : null));
        spinner.getEditor().textProperty().addListener((o, a, b) -> {
            if (b != null && !b.isEmpty()) {
                property.set(Integer.parseInt(b));
            } else {
                property.set(0);
            }
        });
        spinner.focusedProperty().addListener((o, was, now) -> {
            if (!now) {
                spinner.getEditor().setText(String.valueOf(property.get()));
                spinner.getValueFactory().setValue(Math.max(1, property.get()));
            }
        });
    }
}
