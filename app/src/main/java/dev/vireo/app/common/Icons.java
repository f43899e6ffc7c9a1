package dev.vireo.app.common;

import dev.vireo.bridge.model.DomainState;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/** The icons of VM states, in one place so that the table, menus and dialogs agree. */
public final class Icons {

    private Icons() {
    }

    public static Ikon forState(DomainState state) {
        return switch (state) {
            case RUNNING, BLOCKED -> Material2MZ.PLAY_CIRCLE_FILLED;
            case PAUSED -> Material2MZ.PAUSE_CIRCLE_FILLED;
            case SHUTDOWN -> Material2AL.HOURGLASS_BOTTOM;
            case SHUTOFF -> Material2MZ.STOP_CIRCLE;
            case CRASHED -> Material2AL.ERROR;
            case PMSUSPENDED -> Material2AL.BEDTIME;
            case NOSTATE -> Material2AL.HELP_OUTLINE;
        };
    }

    /** The style class that colours a state (see vireo.css). */
    public static String styleClass(DomainState state) {
        return "state-" + state.id();
    }
}
