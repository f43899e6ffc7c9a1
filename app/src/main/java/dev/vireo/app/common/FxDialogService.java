package dev.vireo.app.common;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** {@link DialogService} with JavaFX alerts owned by the manager window. */
public final class FxDialogService implements DialogService {

    private final Window owner;

    public FxDialogService(Window owner) {
        this.owner = owner;
    }

    /** The window the user is in (a dialog of ours, say), else the manager window. */
    private Window owner() {
        return Window.getWindows().stream().filter(w -> w.isShowing() && w.isFocused()).findFirst().orElse(owner);
    }

    @Override
    public void showError(String summary, String details) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.initOwner(owner());
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
        alert.initOwner(owner());
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
        dialog.initOwner(owner());
        dialog.setTitle(title);
        dialog.setHeaderText(question);
        dialog.getDialogPane().setId("ask-dialog");
        dialog.getDialogPane().setMinWidth(520);
        return dialog.showAndWait().map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
    }

    @Override
    public SecretAnswer askSecret(String title, String question, String prompt, String warning, boolean offerRemember) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner());
        dialog.setTitle(title);
        dialog.setHeaderText(question);
        dialog.getDialogPane().setId("secret-dialog");
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, ButtonType.OK);
        PasswordField field = new PasswordField();
        field.setId("secret-field");
        field.setPrefColumnCount(28);
        Label label = new Label(prompt);
        label.setWrapText(true);
        VBox box = new VBox(8, label, field);
        if (warning != null) {
            Label refused = new Label(warning);
            refused.getStyleClass().add("danger"); // AtlantaFX
            refused.setId("secret-warning");
            refused.setWrapText(true);
            box.getChildren().add(0, refused);
        }
        CheckBox remember = new CheckBox("Remember in the keyring");
        remember.setId("secret-remember");
        if (offerRemember) {
            box.getChildren().add(remember);
        }
        Label note = new Label(offerRemember
                ? "Vireo keeps no copy of its own: remembered, it is in your desktop's keyring only."
                : "Vireo hands it to libvirt and keeps no copy.");
        note.getStyleClass().addAll("text-muted", "text-small");
        note.setWrapText(true);
        box.getChildren().add(note);
        dialog.getDialogPane().setContent(box);
        dialog.getDialogPane().setPrefWidth(480);
        javafx.application.Platform.runLater(field::requestFocus);
        boolean ok = dialog.showAndWait().orElse(ButtonType.CANCEL) == ButtonType.OK;
        // PasswordField keeps its text in a String we cannot wipe; clearing drops our reference.
        char[] secret = ok ? field.getText().toCharArray() : null;
        field.clear();
        return secret == null ? null : new SecretAnswer(secret, offerRemember && remember.isSelected());
    }

    @Override
    public boolean confirmHostKey(String connection, String host, int port, String fingerprint) {
        ButtonType trust = new ButtonType("Trust and Connect", ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.WARNING, null, cancel, trust);
        alert.initOwner(owner());
        alert.setTitle("Unknown host key");
        alert.setHeaderText("Vireo has not connected to " + host + (port == 22 ? "" : ":" + port) + " before");
        alert.getDialogPane().setId("hostkey-dialog");
        TextField print = new TextField(fingerprint);
        print.setEditable(false);
        print.setId("hostkey-fingerprint");
        print.setStyle("-fx-font-family: monospace;");
        Label explain = new Label("Its SSH host key has this fingerprint. Compare it with the one the host itself "
                + "shows (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub, run on the host) before trusting it. "
                + "Trusting adds the key to the known-hosts file; a different key later is refused.");
        explain.setWrapText(true);
        alert.getDialogPane().setContent(new VBox(8, new Label("Connecting to " + connection + "."), print, explain));
        // a fixed width: wrapped labels otherwise make the pane as wide as their unwrapped text,
        // and the dialog is centred for that width (half off the screen)
        alert.getDialogPane().setPrefWidth(560);
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(trust)).setDefaultButton(false);
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(cancel)).setDefaultButton(true);
        return alert.showAndWait().orElse(cancel) == trust;
    }
}
