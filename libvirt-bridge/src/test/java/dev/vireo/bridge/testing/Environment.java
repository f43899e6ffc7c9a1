package dev.vireo.bridge.testing;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The process environment as native libraries read it (libssh reads SSH_AUTH_SOCK, GLib's D-Bus
 * DBUS_SESSION_BUS_ADDRESS): Java cannot change it, setenv(3) can.
 */
public final class Environment {

    private interface LibC extends Library {
        LibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

        int setenv(String name, String value, int overwrite);

        int unsetenv(String name);
    }

    private Environment() {
    }

    public static void set(String name, String value) {
        if (LibC.INSTANCE.setenv(name, value, 1) != 0) {
            throw new IllegalStateException("setenv " + name + " failed");
        }
    }

    public static void unset(String name) {
        LibC.INSTANCE.unsetenv(name);
    }
}
