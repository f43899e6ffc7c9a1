package dev.vireo.app;

import javafx.scene.text.Font;
import org.kordamp.ikonli.javafx.IkonResolver;

/**
 * Work the window needs whose first run is slow, done on another thread while the JavaFX
 * thread is busy with what only it may do: the window then finds it done (or waits for the
 * class initialisation in progress) instead of doing it on its own path to the first frame.
 * Only thread-safe work belongs here: class initialisation, fonts and locale data.
 */
final class Warmup {

    private Warmup() {
    }

    /** Before the toolkit exists: the locale data behind number formats (the memory column). */
    static void beforeToolkit() {
        String.format("%.1f", 1.5);
    }

    /**
     * Once the toolkit has started ({@code Application.init}): fonts. Prism's font system and
     * the icon font (Ikonli loads it when its first icon is made, through a temporary file).
     */
    static void afterToolkit() {
        Thread t = new Thread(() -> {
            Font.getDefault();
            IkonResolver.getInstance();
        }, "vireo-warm-up");
        t.setDaemon(true);
        t.start();
    }
}
