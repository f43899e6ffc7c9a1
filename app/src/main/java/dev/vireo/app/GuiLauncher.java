package dev.vireo.app;

import dev.vireo.app.cli.VireoCommand.GuiLaunch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javafx.application.Application;

/**
 * Starts JavaFX. {@link Application#launch} creates the application object itself, so what it
 * starts with is handed over through this one field, written once before launch and read in
 * {@link VireoApplication#init()}.
 */
public final class GuiLauncher {

    private static volatile CompletableFuture<Startup> pending;

    private GuiLauncher() {
    }

    /** Opens the manager window and returns when it has been closed. */
    public static void launch(GuiLaunch launch) {
        chooseRenderer();
        // Settings, saved connections and the first connections are begun on a thread of their
        // own while this one starts JavaFX: reading a large host overlaps the toolkit's start.
        pending = new CompletableFuture<>();
        Thread begin = new Thread(() -> {
            try {
                pending.complete(Startup.begin(launch));
            } catch (Throwable t) {
                pending.completeExceptionally(t);
            }
        }, "vireo-startup");
        begin.setDaemon(true);
        begin.start();
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

    /** What {@link #launch} began; waits for it (the toolkit usually takes longer to start). */
    static Startup take() {
        CompletableFuture<Startup> s = pending;
        if (s == null) {
            throw new IllegalStateException("VireoApplication must be started through GuiLauncher");
        }
        try {
            return s.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
