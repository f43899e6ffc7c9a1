package dev.vireo.app;

import dev.vireo.app.cli.VireoCommand.GuiLaunch;
import javafx.application.Application;

/**
 * Starts JavaFX. {@link Application#launch} creates the application object itself, so what it
 * starts with is handed over through this one field, written once before launch and read in
 * {@link VireoApplication#init()}.
 */
public final class GuiLauncher {

    private static volatile Startup pending;

    private GuiLauncher() {
    }

    /** Opens the manager window and returns when it has been closed. */
    public static void launch(GuiLaunch launch) {
        pending = Startup.begin(launch); // connecting starts now, while JavaFX starts
        Application.launch(VireoApplication.class);
    }

    static Startup take() {
        Startup s = pending;
        if (s == null) {
            throw new IllegalStateException("VireoApplication must be started through GuiLauncher");
        }
        return s;
    }
}
