package dev.vireo.app.console;

import dev.vireo.spice.ConsoleClient;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;

/**
 * A guest's screen: the bridge's mapped frame wrapped by a {@link PixelBuffer} (no copy), its dirty
 * rectangles gathered from the client's thread and uploaded once per pulse as their union; scaled
 * to fit or shown at 100 %, with the pointer mapped back to guest pixels; keys sent as scancodes,
 * the mouse as positions in SPICE's client mode, or as relative motion under a pointer grab in its
 * server mode ({@link GuestPointer}: the grab, the guest's pointer shape). FX thread, except
 * {@link #dirty} and {@link #surface}.
 */
public final class ConsoleView extends Region {

    private final ImageView image = new ImageView();
    private final Object lock = new Object();
    private ConsoleClient client;
    private PixelBuffer<ByteBuffer> pixels;
    private ConsoleClient.Frame frame;
    private ConsoleClient.Frame pendingFrame;
    private int dx0 = Integer.MAX_VALUE;
    private int dy0 = Integer.MAX_VALUE;
    private int dx1 = -1;
    private int dy1 = -1;
    private boolean scheduled;
    private boolean fit = true;
    /** The scale when not fitting: 1 is 100 %. */
    private double zoom = 1;
    static final double[] ZOOMS = {0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 2, 3, 4};
    private int buttons;
    private long frames;
    private final java.util.concurrent.atomic.AtomicLong rectangles = new java.util.concurrent.atomic.AtomicLong();
    private long reportedAt = System.nanoTime();
    private long reportedFrames;
    private long reportedRectangles;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConsoleView.class);
    private Consumer<String> keyHook = k -> { };
    private final GuestPointer pointer = new GuestPointer(this);
    /** The monitor this view shows, a rectangle of the surface (null: the whole surface). */
    private volatile ConsoleClient.Monitor area;
    /** SPICE's display id for positions on this view (spice-gtk's: the monitor's id on channel 0, else the channel's). */
    private int positionDisplay = -1;
    /** Whether the guest's agent places the pointer (positions relative to the monitor) rather than its tablet. */
    private boolean agentMouse;
    private final WindowPresenter presenter = new WindowPresenter(this);
    /** False while something of the app's is drawn over the screen (a message): the bridge must not cover it. */
    private boolean presentable = true;
    static final String GRAB_HINT = GuestPointer.GRAB_HINT;
    static final String CLICK_HINT = GuestPointer.CLICK_HINT;

    public ConsoleView() {
        getStyleClass().add("console-view");
        setId("console-view");
        image.setSmooth(true);
        image.setPreserveRatio(true);
        getChildren().addAll(image, pointer.node());
        setFocusTraversable(true);
        addEventHandler(KeyEvent.KEY_PRESSED, e -> key(e, true));
        addEventHandler(KeyEvent.KEY_RELEASED, e -> key(e, false));
        addEventHandler(KeyEvent.KEY_TYPED, KeyEvent::consume);
        addEventHandler(MouseEvent.MOUSE_MOVED, this::move);
        addEventHandler(MouseEvent.MOUSE_DRAGGED, this::move);
        addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            requestFocus();
            button(e, true);
        });
        addEventHandler(MouseEvent.MOUSE_RELEASED, e -> button(e, false));
        // the guest has the mouse: a tab pane around the console would take the focus on a click
        addEventHandler(MouseEvent.ANY, MouseEvent::consume);
        addEventHandler(ScrollEvent.SCROLL, this::scroll);
        Runnable pulse = () -> {
            boolean due;
            synchronized (lock) {
                due = scheduled;
            }
            if (due) {
                upload();
            }
        };
        javafx.beans.value.ChangeListener<Boolean> focusLost = (o, was, now) -> {
            if (!now) {
                ungrab(); // another window took the keyboard: the guest gives the pointer back
            }
        };
        focusedProperty().addListener(focusLost);
        sceneProperty().addListener((o, was, now) -> { // the view moves between windows (detach, attach)
            if (was != null) {
                was.removePreLayoutPulseListener(pulse);
                ungrab();
            }
            if (now != null) {
                now.addPreLayoutPulseListener(pulse);
                schedule(); // whatever arrived while it had no scene
            }
        });
    }

    /** False while the app draws something over the screen (a message, a password field). */
    public void setPresentable(boolean presentable) {
        this.presentable = presentable;
        presenter.update();
    }

    boolean presentable() {
        return presentable && !pointer.drawn();
    }

    /** The bridge put view {@code id} on its window ({@code on}), or stopped ({@code why}). */
    public void presentation(int id, boolean on, String why) {
        if (on) {
            presenter.presented(id);
        } else {
            presenter.ended(id, why);
        }
    }

    /** True while the bridge draws this view on its window itself (decision 15). */
    public boolean presented() {
        return presenter.presenting();
    }

    /** The client whose frames this view shows and to which it sends input; null to detach. */
    public void setClient(ConsoleClient client) {
        this.client = client;
        presenter.setClient(client);
        if (client == null) {
            ungrab();
        }
    }

    /** Told what the pointer does now (for the status line); "" when there is nothing to say. */
    public void setPointerHook(Consumer<String> hook) {
        pointer.setHook(hook);
    }

    /** SPICE's mouse mode: server (relative motion, the pointer grabbed on a click) or client. */
    public void setServerMouse(boolean server) {
        pointer.setServerMouse(server);
    }

    public boolean serverMouse() {
        return pointer.serverMouse();
    }

    /** Whether the view holds the pointer (server mouse mode). */
    public boolean grabbed() {
        return pointer.grabbed();
    }

    /** The guest's pointer shape; null for the default arrow. */
    public void setGuestCursor(ConsoleClient.Cursor shape) {
        pointer.setShape(shape);
    }

    /** The guest hides its pointer. */
    public void hideGuestCursor() {
        pointer.hide();
    }

    /** Where the guest's pointer is (server mode), in guest pixels of the surface. */
    public void guestCursorAt(int x, int y) {
        Rectangle2D v = viewport();
        pointer.at(v == null ? x : x - (int) v.getMinX(), v == null ? y : y - (int) v.getMinY());
    }

    /** Gives the pointer back. */
    public void ungrab() {
        pointer.ungrab();
    }

    /**
     * Shows only {@code monitor}'s rectangle of the surface (null: all of it), the pointer sent for
     * SPICE's display {@code positionDisplay}: one view per monitor of a multi-head QXL device, whose
     * monitors share one surface.
     */
    public void setArea(ConsoleClient.Monitor monitor, int positionDisplay) {
        if (java.util.Objects.equals(area, monitor) && this.positionDisplay == positionDisplay) {
            return;
        }
        area = monitor;
        this.positionDisplay = positionDisplay;
        image.setViewport(viewport());
        requestLayout();
        ConsoleClient.Frame f = frame;
        if (f != null) {
            changed(0, 0, f.width(), f.height()); // what changed in the new rectangle while it was another's
        }
    }

    /** The monitor shown, or null for the whole surface. */
    public ConsoleClient.Monitor area() {
        return area;
    }

    /**
     * With the guest's agent placing the pointer (spice-vdagent), positions are relative to the
     * monitor and name it, as spice-gtk sends them; without it the tablet takes positions on the
     * whole surface, so they are offset by the monitor's place.
     */
    public void setAgentMouse(boolean agent) {
        agentMouse = agent;
    }

    /** The part of the frame shown: the monitor's rectangle clipped to the surface, or null for all of it. */
    private Rectangle2D viewport() {
        return MonitorArea.viewport(area, frame);
    }

    /** Width and height of what is shown: the monitor's part of the surface, or the surface. */
    double shownWidth() {
        Rectangle2D v = viewport();
        return v != null ? v.getWidth() : frame.width();
    }

    double shownHeight() {
        Rectangle2D v = viewport();
        return v != null ? v.getHeight() : frame.height();
    }

    /** The pixels shown now (the monitor's rectangle, or the whole surface) copied out of the mapped frame, or null. */
    public ConsoleClient.Frame snapshot() {
        return frame == null ? null : MonitorArea.copy(frame, viewport());
    }

    /**
     * {@link #snapshot} once the frame file is current: while the bridge draws the view on its
     * window it does not copy frames into the file, so it is asked to first. Completes on the FX thread.
     */
    public java.util.concurrent.CompletableFuture<ConsoleClient.Frame> currentSnapshot() {
        java.util.concurrent.CompletableFuture<ConsoleClient.Frame> shot = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Void> fresh = client == null
                ? java.util.concurrent.CompletableFuture.completedFuture(null) : client.freshen();
        fresh.whenComplete((ok, failure) -> Platform.runLater(() -> shot.complete(snapshot())));
        return shot;
    }

    /** Fit the frame to the view, shrinking but never enlarging it (true), or show it at the zoom chosen (false). */
    public void setFit(boolean fit) {
        this.fit = fit;
        if (!fit) {
            zoom = 1;
        }
        requestLayout();
    }

    public boolean fit() {
        return fit;
    }

    /** One zoom step in ({@code +1}) or out ({@code -1}) from the scale shown now; leaves fit mode. */
    public void zoom(int direction) {
        double now = scale();
        double next = now;
        if (direction > 0) {
            for (double z : ZOOMS) {
                if (z > now + 1e-6) {
                    next = z;
                    break;
                }
            }
        } else {
            for (int i = ZOOMS.length - 1; i >= 0; i--) {
                if (ZOOMS[i] < now - 1e-6) {
                    next = ZOOMS[i];
                    break;
                }
            }
        }
        zoom = next;
        fit = false;
        requestLayout();
    }

    /** Back to 100 %. */
    public void actualSize() {
        zoom = 1;
        fit = false;
        requestLayout();
    }

    /** Called for each key event the view sends, with the key's name: for the status line. */
    public void setKeyHook(Consumer<String> hook) {
        this.keyHook = hook;
    }

    /** Frames uploaded so far (for tests and the frame counter). */
    public long framesShown() {
        return frames;
    }

    /** The frame shown now, or null. */
    public ConsoleClient.Frame frame() {
        return frame;
    }

    /** A new surface from the client's thread: shown at the next pulse. */
    public void surface(ConsoleClient.Frame f) {
        synchronized (lock) {
            pendingFrame = f;
        }
        schedule();
    }

    /** A changed rectangle from the client's thread: gathered, uploaded at the next pulse. */
    public void dirty(int x, int y, int w, int h) {
        if (!MonitorArea.touches(area, x, y, w, h)) {
            return; // another monitor's part of the surface
        }
        if (presenter.presenting()) {
            return; // the bridge put it on the window; when it stops, it reports the whole surface dirty
        }
        changed(x, y, w, h);
    }

    private void changed(int x, int y, int w, int h) {
        rectangles.incrementAndGet();
        synchronized (lock) {
            dx0 = Math.min(dx0, x);
            dy0 = Math.min(dy0, y);
            dx1 = Math.max(dx1, x + w);
            dy1 = Math.max(dy1, y + h);
        }
        schedule();
    }

    /**
     * Uploads at the next pulse, once however many rectangles arrive before it: the upload runs
     * in the scene's pre-layout pulse listener, and a pulse is asked for only when something
     * changed (an idle console costs nothing). With {@code runLater} per burst it ran hundreds of
     * times a second, far more often than frames are drawn.
     */
    private void schedule() {
        synchronized (lock) {
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        Platform.runLater(Platform::requestNextPulse);
    }

    private void upload() {
        ConsoleClient.Frame next;
        int x0;
        int y0;
        int x1;
        int y1;
        synchronized (lock) {
            scheduled = false;
            next = pendingFrame;
            pendingFrame = null;
            x0 = dx0;
            y0 = dy0;
            x1 = dx1;
            y1 = dy1;
            dx0 = dy0 = Integer.MAX_VALUE;
            dx1 = dy1 = -1;
        }
        if (next != null) {
            frame = next;
            pixels = new PixelBuffer<>(next.width(), next.height(), next.pixels(), PixelFormat.getByteBgraPreInstance());
            image.setImage(new WritableImage(pixels));
            image.setViewport(viewport());
            frames++;
            requestLayout();
            return; // the whole new surface is shown
        }
        if (pixels == null || x1 <= x0 || y1 <= y0) {
            return;
        }
        int w = frame.width();
        int h = frame.height();
        Rectangle2D dirty = new Rectangle2D(Math.max(0, x0), Math.max(0, y0), Math.min(w, x1) - Math.max(0, x0),
                Math.min(h, y1) - Math.max(0, y0));
        if (dirty.getWidth() > 0 && dirty.getHeight() > 0) {
            pixels.updateBuffer(pb -> dirty);
            frames++;
        }
        long now = System.nanoTime();
        if (LOG.isDebugEnabled() && now - reportedAt > 10_000_000_000L) {
            long r = rectangles.get();
            LOG.debug("console: {} uploads and {} dirty rectangles in the last {} s", frames - reportedFrames,
                    r - reportedRectangles, (now - reportedAt) / 1_000_000_000L);
            reportedAt = now;
            reportedFrames = frames;
            reportedRectangles = r;
        }
    }

    /** No surface: an empty view (a message is shown above it by the window). */
    public void clear() {
        frame = null;
        pixels = null;
        image.setImage(null);
    }

    @Override
    protected void layoutChildren() {
        if (frame == null) {
            return;
        }
        double scale = scale();
        double w = shownWidth() * scale;
        double h = shownHeight() * scale;
        image.setFitWidth(w);
        image.setFitHeight(h);
        // on whole pixels: at 100 % each guest pixel is one screen pixel, not blended across two
        image.relocate(Math.max(0, Math.floor((getWidth() - w) / 2)), Math.max(0, Math.floor((getHeight() - h) / 2)));
        pointer.place();
    }

    @Override
    protected double computePrefWidth(double height) {
        return frame == null ? 800 : shownWidth();
    }

    @Override
    protected double computePrefHeight(double width) {
        return frame == null ? 600 : shownHeight();
    }

    /** Screen pixels per guest pixel. */
    double scale() {
        if (frame == null) {
            return 1;
        }
        if (!fit) {
            return zoom;
        }
        // shrink to fit, never enlarge: at 1:1 a frame is a copy, scaled it is resampled on every update
        return Math.min(1, Math.min(getWidth() / shownWidth(), getHeight() / shownHeight()));
    }

    /** Where the frame's left and top edges are in this view. */
    double frameX() {
        return image.getLayoutX();
    }

    double frameY() {
        return image.getLayoutY();
    }

    /** A point of this view in guest pixels of the surface, clamped to what the view shows (its monitor). */
    int[] toGuest(double x, double y) {
        double s = scale();
        double left = image.getLayoutX();
        double top = image.getLayoutY();
        int gx = (int) Math.floor((x - left) / s + 1e-6); // 110 / 1.1 is 99.99...: pixel 100
        int gy = (int) Math.floor((y - top) / s + 1e-6);
        Rectangle2D v = viewport();
        int ox = v == null ? 0 : (int) v.getMinX();
        int oy = v == null ? 0 : (int) v.getMinY();
        return new int[] {ox + Math.max(0, Math.min((int) shownWidth() - 1, gx)),
            oy + Math.max(0, Math.min((int) shownHeight() - 1, gy))};
    }

    private void key(KeyEvent e, boolean press) {
        e.consume();
        if (client == null) {
            return;
        }
        KeyCode code = e.getCode();
        Scancodes.of(code).ifPresent(sc -> {
            client.key(press, sc);
            keyHook.accept(code.getName());
        });
        pointer.releasedBy(e, press);
    }

    private void move(MouseEvent e) {
        if (client == null || frame == null) {
            return;
        }
        if (pointer.serverMouse()) {
            if (pointer.grabbed()) {
                pointer.moved(e, client, buttons);
            }
            return;
        }
        int[] g = toGuest(e.getX(), e.getY());
        Rectangle2D v = viewport();
        if (v == null) {
            client.position(frame.display(), g[0], g[1], buttons);
        } else if (agentMouse) {
            client.position(positionDisplay, g[0] - (int) v.getMinX(), g[1] - (int) v.getMinY(), buttons);
        } else {
            client.position(positionDisplay, g[0], g[1], buttons);
        }
    }

    private void button(MouseEvent e, boolean press) {
        if (client == null || frame == null) {
            return;
        }
        if (pointer.serverMouse() && !pointer.grabbed()) {
            if (press && e.getButton() == MouseButton.PRIMARY) {
                pointer.grab(); // the click that takes the pointer is not the guest's
            }
            return;
        }
        int b = spiceButton(e.getButton());
        if (b == 0) {
            return;
        }
        int mask = 1 << (b - 1);
        buttons = press ? buttons | mask : buttons & ~mask;
        move(e);
        client.button(press, b, buttons);
    }

    private void scroll(ScrollEvent e) {
        if (client == null || e.getDeltaY() == 0) {
            return;
        }
        int b = e.getDeltaY() > 0 ? 4 : 5; // wheel up, wheel down
        client.button(true, b, buttons);
        client.button(false, b, buttons);
        e.consume();
    }

    /** SPICE's button numbers: left 1, middle 2, right 3. */
    static int spiceButton(MouseButton b) {
        return switch (b) {
            case PRIMARY -> 1;
            case MIDDLE -> 2;
            case SECONDARY -> 3;
            default -> 0;
        };
    }
}
