package dev.vireo.app.newvm.wizard;

import java.util.ArrayList;
import javafx.animation.AnimationTimer;
import javafx.scene.Node;
import javafx.scene.layout.Pane;

/**
 * Shows a new wizard page a few rows a frame instead of all at once: the first CSS pass of a page
 * full of controls (their skins are made then) took the FX thread just over 100 ms on a slow
 * machine; a few rows at a time stay well under it, and the page fills in within a few frames.
 */
final class PageReveal {

    private static final Object REVEALING = new Object();

    private PageReveal() {
    }

    /** Detaches all but the page's first rows and attaches them back, two a frame, in order. */
    static void start(Pane page) {
        // units in document order: the page's sections, and the rows of sections that hold many
        record Unit(Pane parent, Node node) {
        }
        var units = new ArrayList<Unit>();
        var kids = new ArrayList<>(page.getChildren());
        for (int i = 0; i < kids.size(); i++) {
            Node n = kids.get(i);
            if (i > 0 && n instanceof Pane section && section.getChildren().size() > 3) {
                for (Node row : section.getChildren()) {
                    units.add(new Unit(section, row));
                }
            } else {
                units.add(new Unit(page, n));
            }
        }
        var rest = new ArrayList<>(units.subList(Math.min(2, units.size()), units.size()));
        if (rest.isEmpty()) {
            return;
        }
        rest.forEach(u -> u.parent().getChildren().remove(u.node()));
        page.getProperties().put(REVEALING, true);
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                // a few light nodes a frame; each frame's CSS pass styles only what was added
                for (int k = 0; k < 2 && !rest.isEmpty(); k++) {
                    Unit u = rest.remove(0);
                    if (u.parent() == page) { // back in its place among the sections already there
                        int at = 0;
                        while (at < page.getChildren().size() && kids.indexOf(page.getChildren().get(at)) < kids.indexOf(u.node())) {
                            at++;
                        }
                        page.getChildren().add(at, u.node());
                    } else {
                        u.parent().getChildren().add(u.node()); // a section's rows: in order, at its end
                    }
                }
                if (rest.isEmpty()) {
                    page.getProperties().remove(REVEALING);
                    stop();
                }
            }
        }.start();
    }

    /** Whether every row of {@code page} is attached. */
    static boolean complete(Pane page) {
        return !page.getProperties().containsKey(REVEALING);
    }
}
