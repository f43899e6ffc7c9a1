package dev.vireo.app.console;

import dev.vireo.spice.ConsoleClient;
import java.nio.ByteBuffer;
import javafx.geometry.Rectangle2D;

/**
 * The part of a display's surface that one monitor shows (a multi-head QXL device puts several
 * monitors in one surface): its rectangle clipped to the surface, whether a changed rectangle
 * touches it, and its pixels copied out of the frame.
 */
final class MonitorArea {

    private MonitorArea() {
    }

    /** {@code monitor}'s rectangle of {@code frame}, clipped to it; null for no monitor or nothing left. */
    static Rectangle2D viewport(ConsoleClient.Monitor monitor, ConsoleClient.Frame frame) {
        if (monitor == null || frame == null) {
            return null;
        }
        double x0 = Math.min(monitor.x(), frame.width());
        double y0 = Math.min(monitor.y(), frame.height());
        double x1 = Math.min(monitor.x() + monitor.width(), frame.width());
        double y1 = Math.min(monitor.y() + monitor.height(), frame.height());
        return x1 > x0 && y1 > y0 ? new Rectangle2D(x0, y0, x1 - x0, y1 - y0) : null;
    }

    /** Whether the rectangle x, y, w, h of the surface overlaps {@code monitor}'s (true for no monitor). */
    static boolean touches(ConsoleClient.Monitor monitor, int x, int y, int w, int h) {
        return monitor == null || x < monitor.x() + monitor.width() && y < monitor.y() + monitor.height()
                && x + w > monitor.x() && y + h > monitor.y();
    }

    /** The pixels of {@code part} of {@code frame} (null: all of it), copied out of the mapped frame. */
    static ConsoleClient.Frame copy(ConsoleClient.Frame frame, Rectangle2D part) {
        int x = part == null ? 0 : (int) part.getMinX();
        int y = part == null ? 0 : (int) part.getMinY();
        int w = part == null ? frame.width() : (int) part.getWidth();
        int h = part == null ? frame.height() : (int) part.getHeight();
        ByteBuffer src = frame.pixels().duplicate();
        ByteBuffer copy = ByteBuffer.allocate(w * h * 4);
        for (int row = 0; row < h; row++) {
            src.limit((y + row) * frame.stride() + (x + w) * 4).position((y + row) * frame.stride() + x * 4);
            copy.put(src);
        }
        return new ConsoleClient.Frame(frame.display(), frame.generation(), w, h, w * 4, copy.flip());
    }
}
