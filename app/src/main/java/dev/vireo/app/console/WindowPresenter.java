package dev.vireo.app.console;

import dev.vireo.spice.ConsoleClient;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.transform.Transform;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Has the bridge put a {@link ConsoleView}'s frame on the view's window itself (a child X window
 * over the view, decision 15) whenever it is shown 1:1 and nothing of the app's is drawn over it;
 * the view then stops uploading frames to JavaFX, whose software pipeline would otherwise repaint
 * and copy the whole window for every guest update. Anything else (a zoom, a HiDPI scale, a
 * message over the screen, the pointer drawn under a grab, another tab, no X11) and the view
 * draws the frame itself again, the bridge having brought its frame file up to date. FX thread.
 */
final class WindowPresenter {

    private static final Logger LOG = LoggerFactory.getLogger(WindowPresenter.class);
    private static final AtomicInteger IDS = new AtomicInteger();
    /** {@code -Dvireo.console.direct=false}: JavaFX draws every console. */
    static final boolean ENABLED = !"false".equals(System.getProperty("vireo.console.direct"));

    private final ConsoleView view;
    private final int id = IDS.incrementAndGet();
    private ConsoleClient client;
    /** What the bridge was last told of display {@code display}'s view: drawn at {@code place}, or by the app (null). */
    private record Told(int display, Place place) {
    }

    /**
     * Where the bridge draws: {@code width} x {@code height} at {@code x, y} of X window {@code
     * window}, from {@code sourceX, sourceY} of the surface.
     */
    private record Place(long window, int x, int y, int width, int height, int sourceX, int sourceY) {
    }

    /** What the bridge was last told, or null: nothing yet (it keeps the frame file current). */
    private Told sent;
    private volatile boolean presenting; // read on the client's thread too
    /** The bridge cannot put frames on this display's windows: not asked again for this client. */
    private boolean refused;

    /** How long JavaFX shows its "leave fullscreen" hint in the scene (its OverlayWarning: 5 s). */
    private static final java.time.Duration FULLSCREEN_HINT = java.time.Duration.ofMillis(5500);
    private long hintShownUntil = System.nanoTime();

    /**
     * Follows {@code view}: after each layout of its scene, and when its window changes, is shown,
     * hidden, minimised or goes fullscreen, the bridge is told what the view needs.
     */
    WindowPresenter(ConsoleView view) {
        this.view = view;
        Runnable afterLayout = this::update;
        javafx.beans.InvalidationListener windowState = o -> update();
        javafx.beans.value.ChangeListener<Boolean> fullScreen = (o, was, now) -> {
            if (now) { // JavaFX draws its exit hint in the scene for a few seconds: not under the bridge's window
                hintShownUntil = System.nanoTime() + FULLSCREEN_HINT.toNanos();
                var later = new javafx.animation.PauseTransition(
                        javafx.util.Duration.millis(FULLSCREEN_HINT.toMillis() + 50));
                later.setOnFinished(e -> update());
                later.play();
            }
            update();
        };
        javafx.beans.value.ChangeListener<Window> follow = (o, was, now) -> {
            if (was != null) {
                was.showingProperty().removeListener(windowState);
                if (was instanceof Stage s) {
                    s.iconifiedProperty().removeListener(windowState);
                    s.fullScreenProperty().removeListener(fullScreen);
                }
            }
            if (now != null) {
                now.showingProperty().addListener(windowState);
                if (now instanceof Stage s) {
                    s.iconifiedProperty().addListener(windowState);
                    s.fullScreenProperty().addListener(fullScreen);
                }
            }
            update();
        };
        view.sceneProperty().addListener((o, was, now) -> { // detached, attached: another window
            if (was != null) {
                was.removePostLayoutPulseListener(afterLayout);
                was.windowProperty().removeListener(follow);
                follow.changed(null, was.getWindow(), null);
            }
            if (now != null) {
                now.addPostLayoutPulseListener(afterLayout);
                now.windowProperty().addListener(follow);
                follow.changed(null, null, now.getWindow());
            }
        });
    }

    int id() {
        return id;
    }

    /** True while the bridge draws the view: frames need not be uploaded to JavaFX. */
    boolean presenting() {
        return presenting;
    }

    void setClient(ConsoleClient next) {
        if (client != null && sent != null && client != next) {
            client.unpresent(id);
        }
        client = next;
        sent = null;
        presenting = false;
        refused = false;
    }

    /**
     * Tells the bridge what the view needs now: drawn on its window (where), or drawn by the app
     * (so that the bridge keeps the frame file current); called after each layout and when the
     * view's window changes.
     */
    void update() {
        ConsoleClient.Frame f = view.frame();
        if (client == null || f == null) {
            return; // nothing to show yet: the bridge keeps the file current until told otherwise
        }
        Place place = wanted();
        Told now = new Told(f.display(), place);
        if (now.equals(sent)) {
            return;
        }
        boolean was = presenting;
        sent = now;
        if (place == null) {
            presenting = false;
            client.hide(id, f.display()); // the bridge brings the frame file up to date and reports it dirty
            if (was) {
                LOG.debug("console view {} drawn by JavaFX", id);
            }
            return;
        }
        LOG.debug("console view {}: drawn by the bridge at {}", id, place);
        client.present(id, f.display(), place.window(), place.x(), place.y(), place.width(), place.height(),
                place.sourceX(), place.sourceY());
    }

    /** The bridge has put view {@code view} on its window. */
    void presented(int view) {
        if (view == id && sent != null && sent.place() != null && !presenting) {
            presenting = true;
            LOG.debug("console view {} put on its window by the bridge", id);
        }
    }

    /** The bridge stopped putting view {@code view} on its window (it cannot, or the window went). */
    void ended(int view, String why) {
        if (view != id) {
            return;
        }
        presenting = false;
        sent = null;
        if (!why.equals("its window is gone")) {
            refused = true;
            LOG.info("the console is drawn by JavaFX: the bridge cannot draw on the window ({})", why);
        }
        update(); // drawn by the app now: the bridge is told so, and brings the file up to date
    }

    /** Where the bridge should draw the view, or null when the view must draw itself. */
    private Place wanted() {
        ConsoleClient.Frame f = view.frame();
        if (!ENABLED || refused || client == null || f == null || !view.presentable()
                || System.nanoTime() < hintShownUntil) {
            return null;
        }
        Scene scene = view.getScene();
        Window window = scene == null ? null : scene.getWindow();
        if (window == null || !window.isShowing() || window instanceof Stage s && s.isIconified()
                || window.getRenderScaleX() != 1 || window.getRenderScaleY() != 1 || Math.abs(view.scale() - 1) > 1e-9) {
            return null;
        }
        for (Node n = view; n != null; n = n.getParent()) {
            if (!n.isVisible() || n.getOpacity() < 1) {
                return null;
            }
        }
        Transform t = view.getLocalToSceneTransform();
        if (t.getMxx() != 1 || t.getMyy() != 1 || t.getMxy() != 0 || t.getMyx() != 0) {
            return null;
        }
        // the part of the frame inside the view (at 100 % a large guest overflows it)
        double ix = view.frameX();
        double iy = view.frameY();
        double x0 = Math.max(0, ix);
        double y0 = Math.max(0, iy);
        double x1 = Math.min(view.getWidth(), ix + view.shownWidth());
        double y1 = Math.min(view.getHeight(), iy + view.shownHeight());
        if (x1 - x0 < 1 || y1 - y0 < 1) {
            return null;
        }
        OptionalLong xid = WindowHandle.xid(window);
        if (xid.isEmpty()) {
            return null;
        }
        Point2D at = view.localToScene(x0, y0);
        javafx.geometry.Rectangle2D area = MonitorArea.viewport(view.area(), f);
        int ox = area == null ? 0 : (int) area.getMinX();
        int oy = area == null ? 0 : (int) area.getMinY();
        return new Place(xid.getAsLong(), (int) Math.round(at.getX() + scene.getX()),
                (int) Math.round(at.getY() + scene.getY()), (int) Math.round(x1 - x0), (int) Math.round(y1 - y0),
                ox + (int) Math.round(x0 - ix), oy + (int) Math.round(y0 - iy));
    }
}
