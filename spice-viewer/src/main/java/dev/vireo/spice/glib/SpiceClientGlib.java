package dev.vireo.spice.glib;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * libspice-client-glib-2.0 (spice-gtk 0.42): sessions, channels, the display's primary surface
 * and the inputs channel. Signal handler signatures match the library's marshallers exactly,
 * with the trailing user-data pointer.
 */
public interface SpiceClientGlib extends Library {

    SpiceClientGlib INSTANCE = Native.load("spice-client-glib-2.0", SpiceClientGlib.class);

    int CHANNEL_MAIN = 1;
    int CHANNEL_DISPLAY = 2;
    int CHANNEL_INPUTS = 3;
    int CHANNEL_CURSOR = 4;
    int CHANNEL_PLAYBACK = 5;

    int MOUSE_MODE_SERVER = 1;
    int MOUSE_MODE_CLIENT = 2;

    /** SpiceChannelEvent values. */
    int EVENT_OPENED = 10;
    int EVENT_CLOSED = 12;
    int EVENT_ERROR_CONNECT = 20;
    int EVENT_ERROR_TLS = 21;
    int EVENT_ERROR_LINK = 22;
    int EVENT_ERROR_AUTH = 23;
    int EVENT_ERROR_IO = 24;

    /** SPICE_SURFACE_FMT_32_xRGB: bytes B, G, R, X. */
    int FORMAT_32_XRGB = 32;

    Pointer spice_session_new();

    int spice_session_connect(Pointer session);

    void spice_session_disconnect(Pointer session);

    int spice_channel_connect(Pointer channel);

    int spice_display_channel_get_primary(Pointer channel, int surfaceId, Primary primary);

    void spice_inputs_channel_key_press(Pointer channel, int scancode);

    void spice_inputs_channel_key_release(Pointer channel, int scancode);

    void spice_inputs_channel_position(Pointer channel, int x, int y, int display, int buttonState);

    void spice_inputs_channel_motion(Pointer channel, int dx, int dy, int buttonState);

    void spice_inputs_channel_button_press(Pointer channel, int button, int buttonState);

    void spice_inputs_channel_button_release(Pointer channel, int button, int buttonState);

    /** VD_AGENT_CLIPBOARD_SELECTION_CLIPBOARD and VD_AGENT_CLIPBOARD_UTF8_TEXT. */
    int SELECTION_CLIPBOARD = 0;
    int CLIPBOARD_UTF8_TEXT = 1;

    void spice_main_channel_update_display_enabled(Pointer main, int id, int enabled, int update);

    void spice_main_channel_update_display(Pointer main, int id, int x, int y, int width, int height, int update);

    int spice_main_channel_send_monitor_config(Pointer main);

    void spice_main_channel_clipboard_selection_grab(Pointer main, int selection, int[] types, int ntypes);

    void spice_main_channel_clipboard_selection_notify(Pointer main, int selection, int type, byte[] data, long size);

    void spice_main_channel_clipboard_selection_request(Pointer main, int selection, int type);

    void spice_main_channel_clipboard_selection_release(Pointer main, int selection);

    /** spice-gtk's audio (GStreamer) for the session's playback and record channels. */
    Pointer spice_audio_get(Pointer session, Pointer context);

    /** SpiceDisplayPrimary. */
    @Structure.FieldOrder({"format", "width", "height", "stride", "shmid", "data", "marked"})
    class Primary extends Structure {
        public int format;
        public int width;
        public int height;
        public int stride;
        public int shmid;
        public Pointer data;
        public int marked;
    }

    /** SpiceSession::channel-new. */
    interface ChannelNew extends Callback {
        void invoke(Pointer session, Pointer channel, Pointer data);
    }

    /** SpiceChannel::channel-event. */
    interface ChannelEvent extends Callback {
        void invoke(Pointer channel, int event, Pointer data);
    }

    /** SpiceDisplayChannel::display-primary-create. */
    interface PrimaryCreate extends Callback {
        void invoke(Pointer channel, int format, int width, int height, int stride, int shmid, Pointer imgdata,
                Pointer data);
    }

    /** SpiceDisplayChannel::display-primary-destroy. */
    interface PrimaryDestroy extends Callback {
        void invoke(Pointer channel, Pointer data);
    }

    /** SpiceDisplayChannel::display-invalidate. */
    interface Invalidate extends Callback {
        void invoke(Pointer channel, int x, int y, int width, int height, Pointer data);
    }

    /** Signals without arguments: SpiceMainChannel::main-mouse-update, SpiceCursorChannel::cursor-hide/-reset. */
    interface Plain extends Callback {
        void invoke(Pointer channel, Pointer data);
    }

    /** GObject::notify (for {@code notify::agent-connected}). */
    interface Notify extends Callback {
        void invoke(Pointer object, Pointer paramSpec, Pointer data);
    }

    /** SpiceCursorChannel::cursor-set: RGBA bytes, straight alpha; {@code rgba} null for the default cursor. */
    interface CursorSet extends Callback {
        void invoke(Pointer channel, int width, int height, int hotX, int hotY, Pointer rgba, Pointer data);
    }

    /** SpiceCursorChannel::cursor-move: where the guest's pointer is (server mouse mode). */
    interface CursorMove extends Callback {
        void invoke(Pointer channel, int x, int y, Pointer data);
    }

    /** SpiceMainChannel::main-clipboard-selection-grab: the guest has something to paste; returns a gboolean. */
    interface ClipboardGrab extends Callback {
        int invoke(Pointer main, int selection, Pointer types, int ntypes, Pointer data);
    }

    /** SpiceMainChannel::main-clipboard-selection-request: the guest pastes what the client grabbed. */
    interface ClipboardRequest extends Callback {
        int invoke(Pointer main, int selection, int type, Pointer data);
    }

    /** SpiceMainChannel::main-clipboard-selection: what the guest sent for a request. */
    interface ClipboardData extends Callback {
        void invoke(Pointer main, int selection, int type, Pointer bytes, int size, Pointer data);
    }

    /** SpiceMainChannel::main-clipboard-selection-release. */
    interface ClipboardRelease extends Callback {
        void invoke(Pointer main, int selection, Pointer data);
    }

    /** SpiceDisplayChannel::display-mark. */
    interface Mark extends Callback {
        void invoke(Pointer channel, int mark, Pointer data);
    }
}
