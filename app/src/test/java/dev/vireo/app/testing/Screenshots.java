package dev.vireo.app.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Screenshots of real windows for the docs, taken while UI tests run: only when the system
 * property {@code vireo.screenshots} names a directory, with {@code xdotool} and ImageMagick's
 * {@code import} (as a person would under Xvfb). Never part of what a test checks.
 */
public final class Screenshots {

    private Screenshots() {
    }

    /** Saves the window titled {@code title} as {@code name}.png, if screenshots are wanted. */
    public static void window(String title, String name) {
        String dir = System.getProperty("vireo.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        try {
            Files.createDirectories(Path.of(dir));
            Process p = new ProcessBuilder("bash", "-c", "import -window \"$(xdotool search --name \"$1\" | tail -1)\" \"$2\"",
                    "shot", "^" + title + "$", Path.of(dir, name + ".png").toString()).inheritIO().start();
            p.waitFor();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
