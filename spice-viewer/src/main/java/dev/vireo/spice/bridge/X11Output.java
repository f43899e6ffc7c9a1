package dev.vireo.spice.bridge;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.vireo.spice.glib.GLib;
import dev.vireo.spice.x11.Xlib;
import java.util.HashMap;
import java.util.Map;

/**
 * Puts guest screens straight onto the app's windows: each view is a child X window of the app's
 * window (which the app names by its XID), placed over the console's area, with an empty input
 * region so that pointer and keyboard events still go to the app. Changed rectangles are put
 * from spice-client-glib's own surface with {@code XPutImage}: no copy in this process, and no
 * repaint of the app's scene (decision 15). A child window dies with its parent and with this
 * process's X connection, so a closed window or a crashed bridge leaves nothing behind.
 *
 * <p>Every method runs on the GLib loop's thread, the only one that touches the X connection.
 */
final class X11Output {

    private static final Xlib X = Xlib.INSTANCE;

    private final ConsoleBridge bridge;
    private final Map<Integer, View> views = new HashMap<>();
    /** Each display's surface as an XImage over spice-client-glib's memory. */
    private final Map<Integer, Surface> surfaces = new HashMap<>();
    /** Held for the process's life: a collected callback crashes it. */
    private final Xlib.ErrorHandler onError = this::xError;
    private final GLib.UnixFdSourceFunc onEvents = (fd, condition, data) -> {
        drainEvents();
        return 1;
    };
    private final Memory event = new Memory(Xlib.EVENT_SIZE);
    private Pointer display;
    private Pointer visual;
    private int depth;
    private Pointer gc;
    private String unavailable;

    /** One view: a rectangle of a display's surface shown in a child of the app's window {@code parent}. */
    private static final class View {
        final int id;
        int display;
        long parent;
        long window;
        int width;
        int height;
        int sourceX;
        int sourceY;
        /** Mapped on its window and drawn here; false: the app draws it. */
        boolean shown;

        View(int id) {
            this.id = id;
        }
    }

    /** A display's surface; its XImage (over the library's memory) made once the X connection is open. */
    private static final class Surface {
        final Pointer data;
        final int width;
        final int height;
        final int stride;
        Pointer image;

        Surface(Pointer data, int width, int height, int stride) {
            this.data = data;
            this.width = width;
            this.height = height;
            this.stride = stride;
        }
    }

    X11Output(ConsoleBridge bridge) {
        this.bridge = bridge;
    }

    /** Opens the X connection on first use; null when it is usable, else why not. */
    private String open() {
        if (display != null || unavailable != null) {
            return unavailable;
        }
        try {
            display = X.XOpenDisplay(null);
        } catch (UnsatisfiedLinkError e) {
            return unavailable = "no libX11 (" + e.getMessage() + ")";
        }
        if (display == null) {
            return unavailable = "cannot open the X display " + System.getenv("DISPLAY");
        }
        int screen = X.XDefaultScreen(display);
        visual = X.XDefaultVisual(display, screen);
        depth = X.XDefaultDepth(display, screen);
        // Visual: ext_data, visualid, class, red_mask, green_mask, blue_mask (LP64)
        int visualClass = visual.getInt(16);
        long red = visual.getLong(24);
        long green = visual.getLong(32);
        long blue = visual.getLong(40);
        if (visualClass != Xlib.TRUE_COLOR || (depth != 24 && depth != 32) || red != 0xff0000L || green != 0xff00L
                || blue != 0xffL) {
            X.XCloseDisplay(display);
            display = null;
            return unavailable = "the X screen is not 24-bit true colour (depth " + depth + ")";
        }
        X.XSetErrorHandler(onError);
        GLib.Lib.INSTANCE.g_unix_fd_add(X.XConnectionNumber(display), 1, onEvents, null);
        return null;
    }

    /**
     * Shows view {@code id}: the rectangle at {@code sourceX, sourceY} of display {@code displayId}'s
     * surface, {@code width} x {@code height}, at {@code x, y} in the app's window {@code parent}.
     */
    void present(int id, int displayId, long parent, int x, int y, int width, int height, int sourceX, int sourceY) {
        String why = open();
        if (why != null) {
            bridge.send("PRESENT_FAILED " + id + " " + why);
            return;
        }
        View v = views.computeIfAbsent(id, View::new);
        if (v.window != 0 && v.parent != parent) {
            X.XDestroyWindow(display, v.window); // moved to another window (the console detached)
            v.window = 0;
        }
        v.display = displayId;
        v.parent = parent;
        v.sourceX = sourceX;
        v.sourceY = sourceY;
        int w = Math.max(1, width);
        int h = Math.max(1, height);
        if (v.window == 0) {
            v.window = X.XCreateSimpleWindow(display, parent, x, y, w, h, 0, 0, 0);
            X.XSelectInput(display, v.window, Xlib.EXPOSURE_MASK | Xlib.STRUCTURE_NOTIFY_MASK);
            Xlib.Xext.INSTANCE.XShapeCombineRectangles(display, v.window, Xlib.Xext.SHAPE_INPUT, 0, 0, null, 0,
                    Xlib.Xext.SHAPE_SET, Xlib.Xext.UNSORTED);
            if (gc == null) {
                gc = X.XCreateGC(display, v.window, 0, null);
            }
            X.XMapWindow(display, v.window);
        } else {
            X.XMoveResizeWindow(display, v.window, x, y, w, h);
            X.XMapWindow(display, v.window);
        }
        v.width = width;
        v.height = height;
        v.shown = true;
        put(v, v.sourceX, v.sourceY, v.sourceX + width, v.sourceY + height);
        X.XSync(display, 0); // errors (a parent already gone) arrive now, before the app is told
        if (views.get(id) == v && v.window != 0) {
            bridge.send("PRESENTING " + id);
        }
    }

    /**
     * View {@code id} is not on its window: the app draws it (another tab, a zoom, a message over
     * it), so its display's frame file must be kept current. {@link #present} puts it back.
     */
    void hide(int id, int displayId) {
        View v = views.computeIfAbsent(id, View::new);
        v.display = displayId;
        if (v.window != 0 && display != null && v.shown) {
            X.XUnmapWindow(display, v.window);
            X.XFlush(display);
        }
        v.shown = false;
    }

    /** Ends view {@code id}. */
    void remove(int id) {
        View v = views.remove(id);
        if (v != null && v.window != 0 && display != null) {
            X.XDestroyWindow(display, v.window);
            X.XFlush(display);
        }
    }

    /** Display {@code id} has a new primary surface at {@code data}: its views show it whole. */
    void surface(int id, Pointer data, int width, int height, int stride) {
        surfaceGone(id);
        Surface surface = new Surface(data, width, height, stride);
        surfaces.put(id, surface);
        if (display == null) {
            return;
        }
        for (View v : views.values()) {
            if (v.display == id && v.window != 0 && v.shown) {
                put(v, v.sourceX, v.sourceY, v.sourceX + v.width, v.sourceY + v.height);
            }
        }
        X.XFlush(display);
    }

    /** Display {@code id}'s surface is gone (its memory is freed by the library after this). */
    void surfaceGone(int id) {
        Surface s = surfaces.remove(id);
        if (s != null && s.image != null) {
            s.image.setPointer(16, null); // XImage.data: the library's memory, not Xlib's to free
            X.XFree(s.image);
        }
    }

    /** The rectangle {@code x0, y0 - x1, y1} of display {@code id} changed: put where a view shows it. */
    void changed(int id, int x0, int y0, int x1, int y1) {
        if (display == null) {
            return;
        }
        boolean any = false;
        for (View v : views.values()) {
            if (v.display == id && v.window != 0 && v.shown) {
                any |= put(v, x0, y0, x1, y1);
            }
        }
        if (any) {
            X.XFlush(display);
        }
    }

    /**
     * True when every view of display {@code displayId} the app has told of is on its window:
     * nothing of the app's reads that display's frame file or its dirty rectangles.
     */
    boolean allPresented(int displayId) {
        boolean any = false;
        for (View v : views.values()) {
            if (v.display == displayId) {
                if (!v.shown || v.window == 0) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    /** Puts the part of surface rectangle {@code x0, y0 - x1, y1} that view {@code v} shows. */
    private boolean put(View v, int x0, int y0, int x1, int y1) {
        Surface s = surfaces.get(v.display);
        if (s == null) {
            return false;
        }
        if (s.image == null) {
            s.image = X.XCreateImage(display, visual, depth, Xlib.ZPIXMAP, 0, s.data, s.width, s.height, 32, s.stride);
            if (s.image == null) {
                return false;
            }
        }
        int left = Math.max(x0, v.sourceX);
        int top = Math.max(y0, v.sourceY);
        int right = Math.min(Math.min(x1, v.sourceX + v.width), s.width);
        int bottom = Math.min(Math.min(y1, v.sourceY + v.height), s.height);
        if (right <= left || bottom <= top) {
            return false;
        }
        X.XPutImage(display, v.window, gc, s.image, left, top, left - v.sourceX, top - v.sourceY, right - left,
                bottom - top);
        return true;
    }

    private void drainEvents() {
        while (display != null && X.XPending(display) > 0) {
            X.XNextEvent(display, event);
            int type = event.getInt(0);
            long window = event.getLong(32);
            if (type == Xlib.EXPOSE) {
                for (View v : views.values()) {
                    if (v.window == window) {
                        int ex = event.getInt(40);
                        int ey = event.getInt(44);
                        put(v, v.sourceX + ex, v.sourceY + ey, v.sourceX + ex + event.getInt(48),
                                v.sourceY + ey + event.getInt(52));
                    }
                }
                X.XFlush(display);
            } else if (type == Xlib.DESTROY_NOTIFY) {
                long destroyed = event.getLong(40);
                views.values().removeIf(v -> {
                    if (v.window == destroyed) {
                        bridge.send("PRESENT_GONE " + v.id); // its parent window closed
                        return true;
                    }
                    return false;
                });
            }
        }
    }

    /**
     * A protocol error: the view whose window it names is dropped, the rest goes on. Errors about
     * windows no view has any more (requests already sent when a parent window closed) are expected.
     */
    private int xError(Pointer d, Pointer errorEvent) {
        long resource = errorEvent.getLong(16);
        boolean known = false;
        for (java.util.Iterator<View> i = views.values().iterator(); i.hasNext(); ) {
            View v = i.next();
            if (v.window == resource || v.parent == resource) {
                i.remove();
                known = true;
                bridge.send("PRESENT_GONE " + v.id);
            }
        }
        if (known) {
            int code = errorEvent.getByte(32) & 0xff;
            byte[] text = new byte[128];
            X.XGetErrorText(d, code, text, text.length);
            int n = 0;
            while (n < text.length && text[n] != 0) {
                n++;
            }
            bridge.error("X error " + new String(text, 0, n) + " (request " + (errorEvent.getByte(33) & 0xff) + ") on 0x"
                    + Long.toHexString(resource) + ": its console view is drawn by the app");
        }
        return 0;
    }

    void close() {
        java.util.List.copyOf(surfaces.keySet()).forEach(this::surfaceGone);
        if (display != null) {
            X.XCloseDisplay(display); // destroys the child windows
            display = null;
        }
    }
}
