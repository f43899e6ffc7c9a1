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
    /** What was last asked of the bridge ("DISPLAY WINDOW X Y W H SX SY"), or null: not on the window. */
    private String sent;
    private volatile boolean presenting; // read on the client's thread too
    /** The bridge cannot put frames on this display's windows: not asked again for this client. */
    private boolean refused;

    WindowPresenter(ConsoleView view) {
        this.view = view;
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
        String want = wanted();
        String state = want != null ? want : "app " + f.display();
        if (state.equals(sent)) {
            return;
        }
        boolean was = presenting;
        sent = state;
        if (want == null) {
            presenting = false;
            client.hide(id, f.display()); // the bridge brings the frame file up to date and reports it dirty
            if (was) {
                LOG.debug("console view {} drawn by JavaFX", id);
            }
            return;
        }
        LOG.debug("console view {}: drawn by the bridge at {}", id, want);
        String[] w = want.split(" ");
        client.present(id, Integer.parseInt(w[0]), Long.parseLong(w[1]), Integer.parseInt(w[2]), Integer.parseInt(w[3]),
                Integer.parseInt(w[4]), Integer.parseInt(w[5]), Integer.parseInt(w[6]), Integer.parseInt(w[7]));
    }

    /** The bridge has put view {@code view} on its window. */
    void presented(int view) {
        if (view == id && sent != null && !sent.startsWith("app ") && !presenting) {
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

    /** "DISPLAY WINDOW X Y W H SX SY" for the bridge, or null when the view must draw itself. */
    private String wanted() {
        ConsoleClient.Frame f = view.frame();
        if (!ENABLED || refused || client == null || f == null || !view.presentable()) {
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
        return f.display() + " " + xid.getAsLong() + " " + Math.round(at.getX() + scene.getX()) + " "
                + Math.round(at.getY() + scene.getY()) + " " + Math.round(x1 - x0) + " " + Math.round(y1 - y0) + " "
                + (ox + Math.round(x0 - ix)) + " " + (oy + Math.round(y0 - iy));
    }
}
