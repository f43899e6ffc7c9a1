package dev.vireo.app.common;

import javafx.event.EventHandler;
import javafx.scene.control.Control;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;

/**
 * Tooltips made when the pointer first reaches their control. A {@link Tooltip} is a popup window
 * with a scene of its own, styled when created: the manager's toolbar made ten of them before its
 * first frame (~20 ms of the FX thread at start-up), for tooltips nobody had asked for yet.
 */
public final class Tooltips {

    private Tooltips() {
    }

    /** Gives {@code control} a tooltip with {@code text} when the pointer first enters it. */
    public static void install(Control control, String text) {
        EventHandler<MouseEvent> first = new EventHandler<>() {
            @Override
            public void handle(MouseEvent e) {
                control.removeEventFilter(MouseEvent.MOUSE_ENTERED, this);
                if (control.getTooltip() == null) {
                    control.setTooltip(new Tooltip(text));
                }
            }
        };
        control.addEventFilter(MouseEvent.MOUSE_ENTERED, first);
    }
}
