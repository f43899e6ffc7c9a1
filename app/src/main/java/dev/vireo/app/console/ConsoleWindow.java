package dev.vireo.app.console;

import dev.vireo.app.common.DialogService;
import dev.vireo.spice.VvFile;
import java.util.function.Consumer;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * A console in a window of its own: {@code vireo console NAME} and {@code vireo viewer FILE.vv}.
 * Closing the window ends the console.
 */
public final class ConsoleWindow {

    private final Stage stage = new Stage();
    private final ConsolePane pane;

    public ConsoleWindow(String title, ConsolePane pane, Consumer<Scene> style) {
        this.pane = pane;
        stage.setTitle(title + " — Console");
        Scene scene = new Scene(pane.node(), 1060, 860);
        style.accept(scene);
        stage.setScene(scene);
        stage.setOnHidden(e -> pane.close());
    }

    public static ConsoleWindow forFile(VvFile vv, DialogService dialogs, Consumer<Scene> style) {
        return new ConsoleWindow(vv.title(), ConsolePane.forFile(vv, dialogs), style);
    }

    public void show() {
        stage.show();
        stage.toFront();
        pane.start();
    }

    public Stage stage() {
        return stage;
    }

    public ConsolePane pane() {
        return pane;
    }
}
