package dev.vireo.app;

import dev.vireo.app.cli.VireoCommand.GuiLaunch;
import javafx.application.Application;

/**
 * Starts JavaFX. {@link Application#launch} creates the application object itself, so the launch
 * settings are handed over through this one field, written once before launch and read in
 * {@link VireoApplication#init()}.
 */
public final class GuiLauncher {

    private static volatile GuiLaunch pending;

    private GuiLauncher() {
    }

    /** Opens the manager window and returns when it has been closed. */
    public static void launch(GuiLaunch launch) {
        pending = launch;
        Application.launch(VireoApplication.class);
    }

    static GuiLaunch take() {
        GuiLaunch l = pending;
        if (l == null) {
            throw new IllegalStateException("VireoApplication must be started through GuiLauncher");
        }
        return l;
    }
}
