package dev.vireo.spice.x11;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The Xlib calls the console bridge makes to put a guest's screen on the app's window itself: a
 * child window, images put into it, its events read. XIDs ({@code Window}, {@code Drawable}) are
 * C {@code unsigned long}: a Java {@code long} on the 64-bit Linux Vireo runs on. Every call is
 * made on one thread (the bridge's GLib loop), so Xlib's own locking is not needed.
 */
public interface Xlib extends Library {

    Xlib INSTANCE = Native.load("X11", Xlib.class);

    int ZPIXMAP = 2;
    int TRUE_COLOR = 4;

    long EXPOSURE_MASK = 1L << 15;
    long STRUCTURE_NOTIFY_MASK = 1L << 17;

    int EXPOSE = 12;
    int DESTROY_NOTIFY = 17;

    /** Size of the {@code XEvent} union (24 longs). */
    int EVENT_SIZE = 192;

    Pointer XOpenDisplay(String name);

    int XCloseDisplay(Pointer display);

    int XConnectionNumber(Pointer display);

    int XDefaultScreen(Pointer display);

    Pointer XDefaultVisual(Pointer display, int screen);

    int XDefaultDepth(Pointer display, int screen);

    long XCreateSimpleWindow(Pointer display, long parent, int x, int y, int width, int height, int borderWidth,
            long border, long background);

    int XMapWindow(Pointer display, long window);

    int XUnmapWindow(Pointer display, long window);

    int XDestroyWindow(Pointer display, long window);

    int XMoveResizeWindow(Pointer display, long window, int x, int y, int width, int height);

    int XSelectInput(Pointer display, long window, long eventMask);

    Pointer XCreateGC(Pointer display, long drawable, long valueMask, Pointer values);

    /** An image over memory the caller owns ({@code data}); freed with {@link #XFree} after unhooking it. */
    Pointer XCreateImage(Pointer display, Pointer visual, int depth, int format, int offset, Pointer data, int width,
            int height, int bitmapPad, int bytesPerLine);

    int XPutImage(Pointer display, long drawable, Pointer gc, Pointer image, int srcX, int srcY, int dstX, int dstY,
            int width, int height);

    int XFree(Pointer data);

    int XFlush(Pointer display);

    int XSync(Pointer display, int discard);

    int XPending(Pointer display);

    int XNextEvent(Pointer display, Pointer event);

    Pointer XSetErrorHandler(ErrorHandler handler);

    int XGetErrorText(Pointer display, int code, byte[] buffer, int length);

    /** Called for protocol errors (a window gone): return 0 to go on; without one, Xlib exits the process. */
    interface ErrorHandler extends Callback {
        int invoke(Pointer display, Pointer errorEvent);
    }

    /** libXext's SHAPE extension: an empty input region lets pointer events through to the window below. */
    interface Xext extends Library {
        Xext INSTANCE = Native.load("Xext", Xext.class);

        int SHAPE_INPUT = 2;
        int SHAPE_SET = 0;
        int UNSORTED = 0;

        void XShapeCombineRectangles(Pointer display, long window, int kind, int x, int y, Pointer rectangles, int n,
                int op, int ordering);
    }
}
