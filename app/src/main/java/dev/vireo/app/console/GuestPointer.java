package dev.vireo.app.console;

import dev.vireo.spice.ConsoleClient;
import java.util.function.Consumer;
import javafx.geometry.Point2D;
import javafx.scene.Cursor;
import javafx.scene.ImageCursor;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.robot.Robot;

/**
 * The pointer of a {@link ConsoleView}: SPICE's mouse mode, the guest's pointer shape, and in
 * server mode (a guest without a tablet) the grab. Grabbed, the host pointer is hidden and brought
 * back to the view's middle by JavaFX's {@link Robot} (JavaFX has no pointer lock), its movement
 * goes to the guest as relative motion, and the guest's own pointer is drawn over the frame;
 * Ctrl+Alt or losing the focus gives it back. FX thread.
 */
final class GuestPointer {

    static final String GRAB_HINT = "The console has the pointer: press Ctrl+Alt to release it.";
    static final String CLICK_HINT = "Click the console to give the guest the pointer (it has no tablet).";

    private final ConsoleView view;
    /** The guest's pointer drawn over the frame in server mode, where the host pointer is hidden. */
    private final ImageView drawn = new ImageView();
    /** Told what the pointer does now (grabbed, how to release it), or "" when there is nothing to say. */
    private Consumer<String> hook = t -> { };
    private boolean serverMouse;
    private boolean grabbed;
    private Robot robot;
    private double lastScreenX;
    private double lastScreenY;
    private double pendingDx;
    private double pendingDy;
    /** The guest's pointer shape (null: the default arrow) and whether the guest hides it. */
    private Cursor shape;
    private boolean hidden;
    private int x;
    private int y;
    private int hotX;
    private int hotY;

    GuestPointer(ConsoleView view) {
        this.view = view;
        drawn.setManaged(false);
        drawn.setMouseTransparent(true);
        drawn.setVisible(false);
    }

    /** The node that draws the guest's pointer while grabbed: a child of the view. */
    ImageView node() {
        return drawn;
    }

    void setHook(Consumer<String> hook) {
        this.hook = hook;
    }

    void setServerMouse(boolean server) {
        serverMouse = server;
        if (!server) {
            ungrab();
        }
        updateCursor();
        hook.accept(server ? CLICK_HINT : "");
    }

    boolean serverMouse() {
        return serverMouse;
    }

    boolean grabbed() {
        return grabbed;
    }

    /** The guest's pointer shape; null for the default arrow. */
    void setShape(ConsoleClient.Cursor cursor) {
        hidden = false;
        if (cursor == null) {
            shape = null;
            drawn.setImage(null);
        } else {
            WritableImage img = new WritableImage(cursor.width(), cursor.height());
            byte[] rgba = cursor.rgba();
            byte[] bgra = new byte[rgba.length];
            for (int i = 0; i + 3 < rgba.length; i += 4) {
                bgra[i] = rgba[i + 2];
                bgra[i + 1] = rgba[i + 1];
                bgra[i + 2] = rgba[i];
                bgra[i + 3] = rgba[i + 3];
            }
            img.getPixelWriter().setPixels(0, 0, cursor.width(), cursor.height(), PixelFormat.getByteBgraInstance(), bgra, 0,
                    cursor.width() * 4);
            shape = new ImageCursor(img, cursor.hotX(), cursor.hotY());
            drawn.setImage(img);
            hotX = cursor.hotX();
            hotY = cursor.hotY();
        }
        updateCursor();
    }

    /** The guest hides its pointer. */
    void hide() {
        hidden = true;
        updateCursor();
    }

    /** Where the guest's pointer is (server mode), in guest pixels. */
    void at(int guestX, int guestY) {
        x = guestX;
        y = guestY;
        place();
    }

    /** The cursor the view shows: the guest's own in client mode; none while grabbed. */
    private void updateCursor() {
        if (grabbed) {
            view.setCursor(Cursor.NONE);
        } else if (serverMouse) {
            view.setCursor(Cursor.DEFAULT);
        } else {
            view.setCursor(hidden ? Cursor.NONE : shape != null ? shape : Cursor.DEFAULT);
        }
        place();
    }

    /** True while the view draws the guest's pointer itself (grabbed in server mode). */
    boolean drawn() {
        return drawn.isVisible();
    }

    /** Puts the drawn pointer where the guest has it, at the view's scale (after each layout). */
    void place() {
        boolean show = grabbed && !hidden && drawn.getImage() != null && view.frame() != null;
        drawn.setVisible(show);
        if (show) {
            double s = view.scale();
            drawn.setFitWidth(drawn.getImage().getWidth() * s);
            drawn.setFitHeight(drawn.getImage().getHeight() * s);
            drawn.relocate(view.frameX() + (x - hotX) * s, view.frameY() + (y - hotY) * s);
        }
    }

    /** Takes the pointer (server mode): hidden, and brought back to the view's middle as it moves. */
    void grab() {
        if (grabbed || view.getScene() == null) {
            return;
        }
        grabbed = true;
        if (robot == null) {
            robot = new Robot();
        }
        recentre();
        updateCursor();
        hook.accept(GRAB_HINT);
    }

    /** Gives the pointer back. */
    void ungrab() {
        if (!grabbed) {
            return;
        }
        grabbed = false;
        pendingDx = 0;
        pendingDy = 0;
        updateCursor();
        hook.accept(serverMouse ? CLICK_HINT : "");
    }

    /** Ctrl+Alt pressed while grabbed gives the pointer back (as in virt-viewer); true when it did. */
    boolean releasedBy(KeyEvent e, boolean press) {
        KeyCode code = e.getCode();
        if (press && grabbed && (code == KeyCode.CONTROL && e.isAltDown() || code == KeyCode.ALT && e.isControlDown())) {
            ungrab(); // the guest saw both keys go down and will see them go up
            return true;
        }
        return false;
    }

    /**
     * Server mode: the pointer's movement since the last event, in guest pixels (fractions kept
     * for the next), sent as relative motion; brought back to the middle before it reaches an edge.
     */
    void moved(MouseEvent e, ConsoleClient client, int buttons) {
        double s = view.scale();
        pendingDx += (e.getScreenX() - lastScreenX) / s;
        pendingDy += (e.getScreenY() - lastScreenY) / s;
        lastScreenX = e.getScreenX();
        lastScreenY = e.getScreenY();
        int dx = (int) pendingDx;
        int dy = (int) pendingDy;
        if (dx != 0 || dy != 0) {
            client.motion(dx, dy, buttons);
            pendingDx -= dx;
            pendingDy -= dy;
        }
        double w = view.getWidth();
        double h = view.getHeight();
        if (Math.abs(e.getX() - w / 2) > w / 4 || Math.abs(e.getY() - h / 2) > h / 4) {
            recentre();
        }
    }

    private void recentre() {
        Point2D centre = view.localToScreen(view.getWidth() / 2, view.getHeight() / 2);
        if (centre != null) {
            robot.mouseMove(centre.getX(), centre.getY());
            lastScreenX = centre.getX();
            lastScreenY = centre.getY();
        }
    }
}
