package dev.vireo.app.common;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** {@link DialogService} with JavaFX alerts owned by the manager window. */
public final class FxDialogService implements DialogService {

    private final Window owner;

    public FxDialogService(Window owner) {
        this.owner = owner;
    }

    @Override
    public void showError(String summary, String details) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.initOwner(owner);
        alert.setTitle("Vireo");
        alert.setHeaderText(summary);
        alert.setContentText(null);
        alert.getDialogPane().setId("error-dialog");
        if (details != null && !details.isBlank()) {
            // The text area is built when the user expands the details: laying it out costs the
            // FX thread far more than the rest of the dialog.
            VBox box = new VBox(6, new Label("Details"));
            alert.getDialogPane().setExpandableContent(box);
            alert.getDialogPane().expandedProperty().addListener((o, was, expanded) -> {
                if (expanded && box.getChildren().size() == 1) {
                    TextArea area = new TextArea(details);
                    area.setEditable(false);
                    area.setWrapText(true);
                    area.setPrefRowCount(8);
                    area.setId("error-details");
                    box.getChildren().add(area);
                }
            });
        }
        alert.getDialogPane().setMinWidth(480);
        alert.show();
    }

    @Override
    public boolean confirm(String title, String question, String body, String confirmLabel) {
        ButtonType confirm = new ButtonType(confirmLabel, ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, body, cancel, confirm);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(question);
        alert.getDialogPane().setId("confirm-dialog");
        alert.getDialogPane().setMinWidth(480);
        // The safe choice is the default: Enter cancels a destructive action.
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(confirm)).setDefaultButton(false);
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(cancel)).setDefaultButton(true);
        return alert.showAndWait().orElse(cancel) == confirm;
    }

    @Override
    public String ask(String title, String question, String initial) {
        TextInputDialog dialog = new TextInputDialog(initial);
        dialog.initOwner(owner);
        dialog.setTitle(title);
        dialog.setHeaderText(question);
        dialog.getDialogPane().setId("ask-dialog");
        dialog.getDialogPane().setMinWidth(520);
        return dialog.showAndWait().map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
    }
}
