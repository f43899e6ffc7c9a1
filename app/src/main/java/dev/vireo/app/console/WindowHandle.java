package dev.vireo.app.console;

import java.util.OptionalLong;
import javafx.stage.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The X window id of a JavaFX window, for the console bridge to put a guest's screen on it. JavaFX
 * has no public API for it: this asks its internals (public methods in packages the launchers
 * export to Vireo with {@code --add-exports}), and says "none" when they are not reachable, in
 * which case consoles are drawn by JavaFX as before.
 */
final class WindowHandle {

    private static final Logger LOG = LoggerFactory.getLogger(WindowHandle.class);
    private static volatile boolean unreachable;
    /** Looked up once, on the FX thread. */
    private static java.lang.reflect.Method getPeer;
    private static java.lang.reflect.Method getPlatformWindow;
    private static java.lang.reflect.Method getNativeWindow;

    private WindowHandle() {
    }

    /** The X id of {@code window}'s native window, while it is showing on X11; else empty. */
    static OptionalLong xid(Window window) {
        if (unreachable || window == null || !window.isShowing() || !"gtk".equals(System.getProperty("glass.platform", "gtk"))
                || System.getenv("DISPLAY") == null) {
            return OptionalLong.empty();
        }
        try {
            if (getPeer == null) {
                getPeer = Class.forName("com.sun.javafx.stage.WindowHelper").getMethod("getPeer", Window.class);
                getPlatformWindow = Class.forName("com.sun.javafx.tk.quantum.WindowStage").getMethod("getPlatformWindow");
                getNativeWindow = Class.forName("com.sun.glass.ui.Window").getMethod("getNativeWindow");
            }
            Object peer = getPeer.invoke(null, window);
            Object platformWindow = peer == null ? null : getPlatformWindow.invoke(peer);
            long id = platformWindow == null ? 0 : (long) getNativeWindow.invoke(platformWindow);
            return id == 0 ? OptionalLong.empty() : OptionalLong.of(id);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            if (!unreachable) { // and not asked again: a failure here stays one
                unreachable = true;
                LOG.info("consoles are drawn by JavaFX: the window's X id is not reachable ({})", e.toString());
            }
            return OptionalLong.empty();
        }
    }
}
