package dev.vireo.app;

import dev.vireo.app.cli.VireoCommand.GuiLaunch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        chooseRenderer();
        Application.launch(VireoApplication.class);
    }

    /**
     * Without a GPU (no DRM device: servers, VMs, Xvfb), OpenGL would be Mesa's llvmpipe, and
     * JavaFX's OpenGL pipeline on it costs ~60 MB and two renderer threads for nothing: Prism's
     * own software pipeline draws the same window. Hardware OpenGL is kept where there is a GPU,
     * and {@code -Dprism.order} set by the user always wins (docs/decisions/0006-renderer.md).
     */
    static void chooseRenderer() {
        if (System.getProperty("prism.order") == null && !hasGpu()) {
            System.setProperty("prism.order", "sw");
        }
    }

    private static boolean hasGpu() {
        try (var devices = Files.newDirectoryStream(Path.of("/dev/dri"), "renderD*")) {
            return devices.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    static Startup take() {
        Startup s = pending;
        if (s == null) {
            throw new IllegalStateException("VireoApplication must be started through GuiLauncher");
        }
        return s;
    }
}
