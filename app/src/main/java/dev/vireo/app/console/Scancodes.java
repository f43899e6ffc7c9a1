package dev.vireo.app.console;

import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalInt;
import javafx.scene.input.KeyCode;

/**
 * JavaFX key codes to PC XT (set 1) scancodes, what SPICE's inputs channel takes. Extended keys
 * (an E0 prefix on the wire) are {@code 0x100 | code}, as spice-client-glib expects them. JavaFX
 * reports keys by meaning, not position, so this is the US layout's position of each key; the
 * guest's own layout then gives it its meaning, as with any PC keyboard. JavaFX does not tell left
 * from right Shift or Control: those are the left keys; AltGr is the right Alt.
 */
public final class Scancodes {

    private static final Map<KeyCode, Integer> CODES = new EnumMap<>(KeyCode.class);

    static {
        put(KeyCode.ESCAPE, 0x01);
        KeyCode[] digits = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5,
            KeyCode.DIGIT6, KeyCode.DIGIT7, KeyCode.DIGIT8, KeyCode.DIGIT9, KeyCode.DIGIT0};
        for (int i = 0; i < digits.length; i++) {
            put(digits[i], 0x02 + i);
        }
        put(KeyCode.MINUS, 0x0C);
        put(KeyCode.EQUALS, 0x0D);
        put(KeyCode.BACK_SPACE, 0x0E);
        put(KeyCode.TAB, 0x0F);
        row("QWERTYUIOP", 0x10);
        put(KeyCode.OPEN_BRACKET, 0x1A);
        put(KeyCode.CLOSE_BRACKET, 0x1B);
        put(KeyCode.ENTER, 0x1C);
        put(KeyCode.CONTROL, 0x1D);
        row("ASDFGHJKL", 0x1E);
        put(KeyCode.SEMICOLON, 0x27);
        put(KeyCode.QUOTE, 0x28);
        put(KeyCode.BACK_QUOTE, 0x29);
        put(KeyCode.DEAD_GRAVE, 0x29);
        put(KeyCode.SHIFT, 0x2A);
        put(KeyCode.BACK_SLASH, 0x2B);
        row("ZXCVBNM", 0x2C);
        put(KeyCode.COMMA, 0x33);
        put(KeyCode.PERIOD, 0x34);
        put(KeyCode.SLASH, 0x35);
        put(KeyCode.MULTIPLY, 0x37);
        put(KeyCode.ALT, 0x38);
        put(KeyCode.SPACE, 0x39);
        put(KeyCode.CAPS, 0x3A);
        KeyCode[] f = {KeyCode.F1, KeyCode.F2, KeyCode.F3, KeyCode.F4, KeyCode.F5, KeyCode.F6, KeyCode.F7, KeyCode.F8,
            KeyCode.F9, KeyCode.F10};
        for (int i = 0; i < f.length; i++) {
            put(f[i], 0x3B + i);
        }
        put(KeyCode.NUM_LOCK, 0x45);
        put(KeyCode.SCROLL_LOCK, 0x46);
        put(KeyCode.NUMPAD7, 0x47);
        put(KeyCode.NUMPAD8, 0x48);
        put(KeyCode.NUMPAD9, 0x49);
        put(KeyCode.SUBTRACT, 0x4A);
        put(KeyCode.NUMPAD4, 0x4B);
        put(KeyCode.NUMPAD5, 0x4C);
        put(KeyCode.NUMPAD6, 0x4D);
        put(KeyCode.ADD, 0x4E);
        put(KeyCode.NUMPAD1, 0x4F);
        put(KeyCode.NUMPAD2, 0x50);
        put(KeyCode.NUMPAD3, 0x51);
        put(KeyCode.NUMPAD0, 0x52);
        put(KeyCode.DECIMAL, 0x53);
        put(KeyCode.LESS, 0x56); // the ISO key left of Z
        put(KeyCode.F11, 0x57);
        put(KeyCode.F12, 0x58);
        KeyCode[] high = {KeyCode.F13, KeyCode.F14, KeyCode.F15, KeyCode.F16, KeyCode.F17, KeyCode.F18, KeyCode.F19,
            KeyCode.F20, KeyCode.F21, KeyCode.F22, KeyCode.F23};
        for (int i = 0; i < high.length; i++) {
            put(high[i], 0x64 + i);
        }
        put(KeyCode.F24, 0x76);
        // extended keys
        put(KeyCode.ALT_GRAPH, 0x138);
        put(KeyCode.DIVIDE, 0x135);
        put(KeyCode.PRINTSCREEN, 0x137);
        put(KeyCode.HOME, 0x147);
        put(KeyCode.UP, 0x148);
        put(KeyCode.PAGE_UP, 0x149);
        put(KeyCode.LEFT, 0x14B);
        put(KeyCode.RIGHT, 0x14D);
        put(KeyCode.END, 0x14F);
        put(KeyCode.DOWN, 0x150);
        put(KeyCode.PAGE_DOWN, 0x151);
        put(KeyCode.INSERT, 0x152);
        put(KeyCode.DELETE, 0x153);
        put(KeyCode.WINDOWS, 0x15B);
        put(KeyCode.META, 0x15B);
        put(KeyCode.COMMAND, 0x15B);
        put(KeyCode.CONTEXT_MENU, 0x15D);
        put(KeyCode.KP_UP, 0x48);
        put(KeyCode.KP_DOWN, 0x50);
        put(KeyCode.KP_LEFT, 0x4B);
        put(KeyCode.KP_RIGHT, 0x4D);
    }

    /** The right Control, for key combinations sent from menus. */
    public static final int RIGHT_CONTROL = 0x11D;
    public static final int KEYPAD_ENTER = 0x11C;

    private Scancodes() {
    }

    private static void put(KeyCode k, int code) {
        CODES.put(k, code);
    }

    private static void row(String letters, int first) {
        for (int i = 0; i < letters.length(); i++) {
            CODES.put(KeyCode.valueOf(String.valueOf(letters.charAt(i))), first + i);
        }
    }

    /** The scancode of {@code key}, or empty for keys a PC keyboard does not have. */
    public static OptionalInt of(KeyCode key) {
        Integer c = CODES.get(key);
        return c == null ? OptionalInt.empty() : OptionalInt.of(c);
    }
}
