package dev.vireo.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

/** Spot checks against the PC XT set-1 table (keycodemapdb's "xtkbd" column). */
class ScancodesTest {

    @Test
    void mainBlockKeypadAndExtendedKeys() {
        assertThat(Scancodes.of(KeyCode.A)).hasValue(0x1E);
        assertThat(Scancodes.of(KeyCode.Q)).hasValue(0x10);
        assertThat(Scancodes.of(KeyCode.M)).hasValue(0x32);
        assertThat(Scancodes.of(KeyCode.DIGIT0)).hasValue(0x0B);
        assertThat(Scancodes.of(KeyCode.ENTER)).hasValue(0x1C);
        assertThat(Scancodes.of(KeyCode.F12)).hasValue(0x58);
        assertThat(Scancodes.of(KeyCode.NUMPAD5)).hasValue(0x4C);
        assertThat(Scancodes.of(KeyCode.DELETE)).hasValue(0x153);
        assertThat(Scancodes.of(KeyCode.ALT_GRAPH)).hasValue(0x138);
        assertThat(Scancodes.of(KeyCode.UP)).hasValue(0x148);
        assertThat(Scancodes.of(KeyCode.DIVIDE)).hasValue(0x135);
        assertThat(Scancodes.of(KeyCode.UNDEFINED)).isEmpty();
    }

    @Test
    void noTwoKeysOfAPcKeyboardShareACode() {
        Map<Integer, KeyCode> seen = new HashMap<>();
        for (KeyCode k : KeyCode.values()) {
            Scancodes.of(k).ifPresent(code -> {
                KeyCode before = seen.putIfAbsent(code, k);
                if (before != null) {
                    // aliases that JavaFX gives one physical key
                    assertThat(java.util.Set.of(before, k)).isSubsetOf(KeyCode.BACK_QUOTE, KeyCode.DEAD_GRAVE,
                            KeyCode.WINDOWS, KeyCode.META, KeyCode.COMMAND, KeyCode.KP_UP, KeyCode.NUMPAD8, KeyCode.KP_DOWN,
                            KeyCode.NUMPAD2, KeyCode.KP_LEFT, KeyCode.NUMPAD4, KeyCode.KP_RIGHT, KeyCode.NUMPAD6);
                }
            });
        }
        assertThat(seen).hasSizeGreaterThan(100);
    }
}
