package dev.vireo.spice.glib;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The few GLib and GObject calls the bridge process makes: its own main loop, idle callbacks to
 * run work on the loop's thread, object properties and signals. {@code g_signal_connect} is a
 * macro: {@link GObject#g_signal_connect_data} is the function.
 */
public final class GLib {

    private GLib() {
    }

    /** libglib-2.0. */
    public interface Lib extends Library {
        Lib INSTANCE = Native.load("glib-2.0", Lib.class);

        Pointer g_main_loop_new(Pointer context, int isRunning);

        void g_main_loop_run(Pointer loop);

        void g_main_loop_quit(Pointer loop);

        /** Runs {@code function} on the default main context's thread; returns the source id. */
        int g_idle_add(SourceFunc function, Pointer data);

        /** Runs {@code function} on the default main context's thread after {@code milliseconds}; returns the source id. */
        int g_timeout_add(int milliseconds, SourceFunc function, Pointer data);

        /** Calls {@code function} on the default main context's thread while {@code fd} has {@code condition} (1: G_IO_IN). */
        int g_unix_fd_add(int fd, int condition, UnixFdSourceFunc function, Pointer data);

        void g_free(Pointer memory);

        /** Drops a reference to a GArray (a boxed property read with g_object_get is a new reference). */
        void g_array_unref(Pointer array);
    }

    /** libgobject-2.0. */
    public interface GObject extends Library {
        GObject INSTANCE = Native.load("gobject-2.0", GObject.class);

        /** Varargs: name, value, ..., null. Strings as String, gint/gboolean as Integer. */
        void g_object_set(Pointer object, Object... nameValueNull);

        /** Varargs: name, pointer to the result, ..., null. */
        void g_object_get(Pointer object, Object... namePointerNull);

        long g_signal_connect_data(Pointer instance, String signal, Callback handler, Pointer data,
                Pointer destroyData, int flags);

        void g_signal_handler_disconnect(Pointer instance, long handlerId);

        Pointer g_object_ref(Pointer object);

        void g_object_unref(Pointer object);
    }

    /** GUnixFDSourceFunc: return 1 (G_SOURCE_CONTINUE) to keep watching. */
    public interface UnixFdSourceFunc extends Callback {
        int invoke(int fd, int condition, Pointer data);
    }

    /** GSourceFunc: return 0 (G_SOURCE_REMOVE) to run once. */
    public interface SourceFunc extends Callback {
        int invoke(Pointer data);
    }
}
