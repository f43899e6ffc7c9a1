package dev.vireo.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.spice.ConsoleClient;
import java.nio.ByteBuffer;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

/** A monitor's part of a shared surface: clipped, touched by changes, copied out. */
class MonitorAreaTest {

    /** A 6x2 surface whose pixel at (x, y) holds 10 * y + x. */
    private static ConsoleClient.Frame surface() {
        ByteBuffer pixels = ByteBuffer.allocate(6 * 2 * 4);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 6; x++) {
                pixels.putInt((y * 6 + x) * 4, 10 * y + x);
            }
        }
        return new ConsoleClient.Frame(0, 1, 6, 2, 24, pixels);
    }

    @Test
    void theViewportIsTheMonitorClippedToTheSurface() {
        ConsoleClient.Frame f = surface();
        assertThat(MonitorArea.viewport(new ConsoleClient.Monitor(1, 3, 0, 3, 2), f)).isEqualTo(new Rectangle2D(3, 0, 3, 2));
        assertThat(MonitorArea.viewport(new ConsoleClient.Monitor(1, 4, 0, 3, 2), f)).isEqualTo(new Rectangle2D(4, 0, 2, 2));
        assertThat(MonitorArea.viewport(new ConsoleClient.Monitor(1, 6, 0, 3, 2), f)).as("outside the surface").isNull();
        assertThat(MonitorArea.viewport(null, f)).as("the whole surface").isNull();
    }

    @Test
    void onlyChangesOverlappingTheMonitorTouchIt() {
        ConsoleClient.Monitor second = new ConsoleClient.Monitor(1, 800, 0, 800, 600);
        assertThat(MonitorArea.touches(second, 0, 0, 800, 600)).isFalse();
        assertThat(MonitorArea.touches(second, 799, 10, 2, 2)).isTrue();
        assertThat(MonitorArea.touches(second, 1600, 0, 10, 10)).isFalse();
        assertThat(MonitorArea.touches(null, 0, 0, 1, 1)).isTrue();
    }

    @Test
    void aCopyHoldsTheMonitorsPixelsOnly() {
        ConsoleClient.Frame part = MonitorArea.copy(surface(), new Rectangle2D(3, 0, 3, 2));
        assertThat(part.width()).isEqualTo(3);
        assertThat(part.stride()).isEqualTo(12);
        int[] got = new int[6];
        for (int i = 0; i < 6; i++) {
            got[i] = part.pixels().getInt(i * 4);
        }
        assertThat(got).containsExactly(3, 4, 5, 13, 14, 15);
        assertThat(MonitorArea.copy(surface(), null).width()).isEqualTo(6);
    }
}
