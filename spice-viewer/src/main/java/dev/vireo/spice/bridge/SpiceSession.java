package dev.vireo.spice.bridge;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import dev.vireo.spice.FrameFile;
import dev.vireo.spice.glib.GLib;
import dev.vireo.spice.glib.SpiceClientGlib;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One SPICE session in the bridge process: its channels as spice-client-glib announces them, each
 * display's primary surface copied into a {@link FrameFile} (alpha set as it is copied, only the
 * rectangles the library reports dirty), and input sent on the inputs channel. Every method runs
 * on the GLib loop's thread.
 */
final class SpiceSession {

    private static final SpiceClientGlib SPICE = SpiceClientGlib.INSTANCE;
    private static final GLib.GObject GOBJECT = GLib.GObject.INSTANCE;

    private final ConsoleBridge bridge;
    private final Path frames;
    private final Map<Pointer, Display> displays = new HashMap<>();
    /** Every callback handed to GLib, held for the session's life. */
    private final List<Object> held = new ArrayList<>();
    private Pointer session;
    private Pointer inputs;
    private Pointer main;
    private final boolean audio;
    private final X11Output output;
    private int generation;

    /** One display channel (a monitor, or several monitors in one surface). */
    private static final class Display {
        final int id;
        Pointer data;
        int width;
        int height;
        int stride;
        MappedByteBuffer frame;
        IntBuffer pixels;
        Path file;
        /** The union of rectangles copied but not yet reported, and when the first came (0: none). */
        long pendingSince;
        int px0;
        int py0;
        int px1;
        int py1;
        /** When the surface was last put on the app's window (System.nanoTime). */
        long lastPut;
        /** The frame file lags the surface: a view puts it on screen directly and nothing reads the file. */
        boolean stale;

        Display(int id) {
            this.id = id;
        }
    }

    SpiceSession(ConsoleBridge bridge, Path frames, boolean audio, X11Output output) {
        this.bridge = bridge;
        this.frames = frames;
        this.audio = audio;
        this.output = output;
    }

    /** {@code caFile} and {@code certSubject} (may be null) are what TLS channels check the server against. */
    void connect(String host, int port, int tlsPort, String password, java.nio.file.Path caFile, String certSubject) {
        session = SPICE.spice_session_new();
        GOBJECT.g_object_set(session, "host", host, null);
        if (port > 0) {
            GOBJECT.g_object_set(session, "port", Integer.toString(port), null);
        }
        if (tlsPort > 0) {
            GOBJECT.g_object_set(session, "tls-port", Integer.toString(tlsPort), null);
            if (caFile != null) {
                GOBJECT.g_object_set(session, "ca-file", caFile.toString(), null);
            }
            if (certSubject != null) {
                GOBJECT.g_object_set(session, "cert-subject", certSubject, null);
            }
        }
        if (password != null) {
            GOBJECT.g_object_set(session, "password", password, null);
        }
        GOBJECT.g_object_set(session, "gl-scanout", 0, "enable-audio", audio ? 1 : 0, "enable-usbredir", 0, null);
        SpiceClientGlib.ChannelNew onChannel = (s, channel, data) -> channelNew(channel);
        held.add(onChannel);
        GOBJECT.g_signal_connect_data(session, "channel-new", onChannel, null, null, 0);
        bridge.send("STATE connecting");
        if (audio) {
            // playback (and record) channels are connected by spice-gtk's GStreamer backend
            SPICE.spice_audio_get(session, null);
        }
        if (SPICE.spice_session_connect(session) == 0) {
            bridge.send("STATE error could not start connecting to " + host);
        }
    }

    private void channelNew(Pointer channel) {
        IntByReference type = new IntByReference();
        IntByReference id = new IntByReference();
        GOBJECT.g_object_get(channel, "channel-type", type, "channel-id", id, null);
        switch (type.getValue()) {
            case SpiceClientGlib.CHANNEL_MAIN -> {
                main = channel;
                SpiceClientGlib.ChannelEvent onEvent = (ch, event, data) -> mainEvent(event);
                SpiceClientGlib.Plain onMouse = (ch, data) -> mouseModeChanged();
                SpiceClientGlib.Notify onAgent = (ch, spec, data) -> agentChanged();
                SpiceClientGlib.ClipboardGrab onGrab = (ch, selection, types, ntypes, data) -> guestGrab(selection, types, ntypes);
                SpiceClientGlib.ClipboardRequest onRequest = (ch, selection, kind, data) -> guestRequest(selection, kind);
                SpiceClientGlib.ClipboardData onData = (ch, selection, kind, bytes, size, data) -> guestData(selection, kind,
                        bytes, size);
                SpiceClientGlib.ClipboardRelease onRelease = (ch, selection, data) -> { };
                held.add(onEvent);
                held.add(onMouse);
                held.add(onAgent);
                held.add(onGrab);
                held.add(onRequest);
                held.add(onData);
                held.add(onRelease);
                GOBJECT.g_signal_connect_data(channel, "main-clipboard-selection-grab", onGrab, null, null, 0);
                GOBJECT.g_signal_connect_data(channel, "main-clipboard-selection-request", onRequest, null, null, 0);
                GOBJECT.g_signal_connect_data(channel, "main-clipboard-selection", onData, null, null, 0);
                GOBJECT.g_signal_connect_data(channel, "main-clipboard-selection-release", onRelease, null, null, 0);
                GOBJECT.g_signal_connect_data(channel, "channel-event", onEvent, null, null, 0);
                GOBJECT.g_signal_connect_data(channel, "main-mouse-update", onMouse, null, null, 0);
                GOBJECT.g_signal_connect_data(channel, "notify::agent-connected", onAgent, null, null, 0);
            }
            case SpiceClientGlib.CHANNEL_CURSOR -> {
                SpiceClientGlib.CursorSet onSet = (ch, w, h, hx, hy, rgba, data) -> cursorSet(w, h, hx, hy, rgba);
                SpiceClientGlib.CursorMove onMove = (ch, x, y, data) -> bridge.send("CURSOR_MOVE " + x + " " + y);
                SpiceClientGlib.Plain onHide = (ch, data) -> bridge.send("CURSOR_HIDE");
                SpiceClientGlib.Plain onReset = (ch, data) -> bridge.send("CURSOR default");
                held.add(onSet);
                held.add(onMove);
                held.add(onHide);
                held.add(onReset);
                GOBJECT.g_signal_connect_data(channel, "cursor-set", onSet, null, null, 0);
                GOBJECT.g_signal_connect_data(channel, "cursor-move", onMove, null, null, 0);
                GOBJECT.g_signal_connect_data(channel, "cursor-hide", onHide, null, null, 0);
                GOBJECT.g_signal_connect_data(channel, "cursor-reset", onReset, null, null, 0);
                SPICE.spice_channel_connect(channel);
            }
            case SpiceClientGlib.CHANNEL_PLAYBACK -> {
                SpiceClientGlib.ChannelEvent onEvent = (ch, event, data) -> {
                    if (event == SpiceClientGlib.EVENT_OPENED) {
                        bridge.send("AUDIO playback");
                    }
                };
                held.add(onEvent);
                GOBJECT.g_signal_connect_data(channel, "channel-event", onEvent, null, null, 0);
            }
            case SpiceClientGlib.CHANNEL_DISPLAY -> {
                Display d = new Display(id.getValue());
                displays.put(channel, d);
                SpiceClientGlib.PrimaryCreate create = (ch, format, w, h, stride, shmid, img, data) ->
                        primaryCreate(d, format, w, h, stride, img);
                SpiceClientGlib.PrimaryDestroy destroy = (ch, data) -> primaryDestroy(d);
                SpiceClientGlib.Invalidate invalidate = (ch, x, y, w, h, data) -> invalidate(d, x, y, w, h);
                SpiceClientGlib.Notify onMonitors = (ch, spec, data) -> monitors(d, ch);
                held.add(create);
                held.add(destroy);
                held.add(invalidate);
                held.add(onMonitors);
                GOBJECT.g_signal_connect_data(channel, "notify::monitors", onMonitors, null, null, 0);
                GOBJECT.g_signal_connect_data(channel, "display-primary-create", create, null, null, 0);
                GOBJECT.g_signal_connect_data(channel, "display-primary-destroy", destroy, null, null, 0);
                GOBJECT.g_signal_connect_data(channel, "display-invalidate", invalidate, null, null, 0);
                SPICE.spice_channel_connect(channel);
            }
            case SpiceClientGlib.CHANNEL_INPUTS -> {
                inputs = channel;
                SpiceClientGlib.ChannelEvent onEvent = (ch, event, data) -> {
                    if (event == SpiceClientGlib.EVENT_OPENED) {
                        inputsOpen = true;
                        List<Runnable> queued = new ArrayList<>(pendingInput);
                        pendingInput.clear();
                        queued.forEach(Runnable::run); // what was typed before the channel was up
                    }
                };
                held.add(onEvent);
                GOBJECT.g_signal_connect_data(channel, "channel-event", onEvent, null, null, 0);
                SPICE.spice_channel_connect(channel);
            }
            default -> {
                // record, usbredir, ports, webdav: not offered
            }
        }
    }

    private void mainEvent(int event) {
        switch (event) {
            case SpiceClientGlib.EVENT_OPENED -> bridge.send("STATE connected");
            case SpiceClientGlib.EVENT_CLOSED -> bridge.send("STATE disconnected the console was closed");
            case SpiceClientGlib.EVENT_ERROR_AUTH -> bridge.send("STATE auth the console refused the password");
            case SpiceClientGlib.EVENT_ERROR_CONNECT -> bridge.send("STATE error could not reach the console");
            case SpiceClientGlib.EVENT_ERROR_TLS -> bridge.send("STATE error the TLS handshake failed");
            case SpiceClientGlib.EVENT_ERROR_LINK -> bridge.send("STATE error the console refused the link");
            case SpiceClientGlib.EVENT_ERROR_IO -> bridge.send("STATE disconnected the connection to the console broke");
            default -> bridge.error("main channel event " + event);
        }
    }

    private void mouseModeChanged() {
        IntByReference mode = new IntByReference();
        GOBJECT.g_object_get(main, "mouse-mode", mode, null);
        bridge.send("MOUSE " + (mode.getValue() == SpiceClientGlib.MOUSE_MODE_SERVER ? "server" : "client"));
    }

    private void agentChanged() {
        IntByReference connected = new IntByReference();
        GOBJECT.g_object_get(main, "agent-connected", connected, null);
        agentConnected = connected.getValue() != 0;
        bridge.send("AGENT " + (agentConnected ? "yes" : "no"));
    }

    /** Text the host's clipboard holds, offered to the guest (null: nothing offered). */
    private byte[] hostClipboard;

    /** The guest copied something: text is asked for, and reported when it comes. */
    private int guestGrab(int selection, Pointer types, int ntypes) {
        if (selection != SpiceClientGlib.SELECTION_CLIPBOARD || main == null) {
            return 0;
        }
        for (int t : types.getIntArray(0, ntypes)) {
            if (t == SpiceClientGlib.CLIPBOARD_UTF8_TEXT) {
                SPICE.spice_main_channel_clipboard_selection_request(main, selection, t);
                return 1;
            }
        }
        return 0;
    }

    private void guestData(int selection, int type, Pointer bytes, int size) {
        if (selection == SpiceClientGlib.SELECTION_CLIPBOARD && type == SpiceClientGlib.CLIPBOARD_UTF8_TEXT && bytes != null
                && size >= 0 && size <= 16 << 20) {
            byte[] text = bytes.getByteArray(0, size);
            int end = text.length;
            while (end > 0 && text[end - 1] == 0) {
                end--; // some agents end the text with NUL
            }
            bridge.send("CLIPBOARD " + java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(text, end)));
        }
    }

    /** The guest pastes: it gets the host's text. */
    private int guestRequest(int selection, int type) {
        if (selection != SpiceClientGlib.SELECTION_CLIPBOARD || type != SpiceClientGlib.CLIPBOARD_UTF8_TEXT
                || hostClipboard == null) {
            return 0;
        }
        SPICE.spice_main_channel_clipboard_selection_notify(main, selection, type, hostClipboard, hostClipboard.length);
        return 1;
    }

    /** The host's clipboard has new text: offered to the guest (it asks for it when it pastes). */
    void hostClipboard(byte[] text) {
        hostClipboard = text;
        if (main != null && agentConnected) {
            SPICE.spice_main_channel_clipboard_selection_grab(main, SpiceClientGlib.SELECTION_CLIPBOARD,
                    new int[] {SpiceClientGlib.CLIPBOARD_UTF8_TEXT}, 1);
        }
    }

    /** Asks the guest (through its agent) to show {@code display} at {@code width} x {@code height}. */
    void resize(int display, int width, int height) {
        if (main == null || !agentConnected || width < 320 || height < 200) {
            return;
        }
        SPICE.spice_main_channel_update_display_enabled(main, display, 1, 0);
        SPICE.spice_main_channel_update_display(main, display, 0, 0, width & ~7, height, 0);
        SPICE.spice_main_channel_send_monitor_config(main);
    }

    /**
     * Asks the guest (through its agent) for several monitors at once, each {@code {id, x, y,
     * width, height}}: the monitors of a multi-head display, each sized to its view.
     */
    void resizeMonitors(int[][] monitors) {
        if (main == null || !agentConnected || monitors.length == 0) {
            return;
        }
        for (int[] m : monitors) {
            if (m.length != 5 || m[3] < 320 || m[4] < 200) {
                return;
            }
        }
        for (int[] m : monitors) {
            SPICE.spice_main_channel_update_display_enabled(main, m[0], 1, 0);
            SPICE.spice_main_channel_update_display(main, m[0], m[1], m[2], m[3] & ~7, m[4], 0);
        }
        SPICE.spice_main_channel_send_monitor_config(main);
    }

    private boolean agentConnected;

    /** The guest's pointer shape, RGBA (straight alpha) as the library gives it; at most 512x512. */
    private void cursorSet(int width, int height, int hotX, int hotY, Pointer rgba) {
        if (rgba == null || width <= 0 || height <= 0 || width > 512 || height > 512) {
            bridge.send("CURSOR default");
            return;
        }
        byte[] pixels = rgba.getByteArray(0, width * height * 4);
        bridge.send("CURSOR " + width + " " + height + " " + hotX + " " + hotY + " "
                + java.util.Base64.getEncoder().encodeToString(pixels));
    }

    private void primaryCreate(Display d, int format, int width, int height, int stride, Pointer img) {
        if (format != SpiceClientGlib.FORMAT_32_XRGB) {
            bridge.error("surface format " + format + " is not 32-bit xRGB; shown as such");
        }
        d.data = img;
        d.pendingSince = 0;
        d.width = width;
        d.height = height;
        d.stride = stride;
        int gen = ++generation;
        Path file = frames.resolve("frame-" + d.id + "-" + gen);
        try {
            d.frame = FrameFile.create(file, width, height);
        } catch (IOException e) {
            bridge.send("STATE error could not make the frame file: " + e.getMessage());
            return;
        }
        d.pixels = FrameFile.pixels(d.frame).asIntBuffer();
        d.file = file;
        copy(d, 0, 0, width, height);
        d.stale = false;
        output.surface(d.id, img, width, height, stride);
        bridge.send("SURFACE " + d.id + " " + gen + " " + width + " " + height + " " + width * 4 + " " + file);
    }

    /** The app has mapped the surface's file: its name is not needed any more. */
    void mapped(int display, int gen) {
        try {
            Files.deleteIfExists(frames.resolve("frame-" + display + "-" + gen));
        } catch (IOException e) {
            bridge.error("could not delete a frame file: " + e.getMessage());
        }
    }

    /**
     * The channel's monitors configuration changed: which rectangle of its primary surface each
     * monitor shows (a multi-head QXL device puts several in one surface). Reported as
     * {@code MONITORS DISPLAY ID:X:Y:W:H ...}, enabled monitors of the primary surface only.
     */
    private void monitors(Display d, Pointer channel) {
        com.sun.jna.ptr.PointerByReference array = new com.sun.jna.ptr.PointerByReference();
        GOBJECT.g_object_get(channel, "monitors", array, null);
        Pointer garray = array.getValue();
        StringBuilder line = new StringBuilder("MONITORS ").append(d.id);
        if (garray != null) {
            try {
                Pointer data = garray.getPointer(0); // GArray: gchar *data; guint len
                int len = garray.getInt(com.sun.jna.Native.POINTER_SIZE);
                for (int i = 0; i < len && i < 256 && data != null; i++) {
                    // SpiceDisplayMonitorConfig: guint id, surface_id, x, y, width, height
                    int[] m = data.getIntArray(i * 24L, 6);
                    if (m[1] == 0 && m[4] > 0 && m[5] > 0) {
                        line.append(' ').append(m[0]).append(':').append(m[2]).append(':').append(m[3]).append(':')
                                .append(m[4]).append(':').append(m[5]);
                    }
                }
            } finally {
                GLib.Lib.INSTANCE.g_array_unref(garray);
            }
        }
        bridge.send(line.toString());
    }

    private void primaryDestroy(Display d) {
        output.surfaceGone(d.id);
        d.data = null;
        bridge.send("SURFACE_GONE " + d.id);
    }

    private void invalidate(Display d, int x, int y, int w, int h) {
        if (d.data == null || d.frame == null) {
            return;
        }
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(d.width, x + w);
        int y1 = Math.min(d.height, y + h);
        if (x1 <= x0 || y1 <= y0) {
            return;
        }
        if (output.allPresented(d.id)) {
            d.stale = true; // copied when the file is wanted again
        } else {
            copy(d, x0, y0, x1 - x0, y1 - y0);
        }
        // Reported as one union per burst: when the loop has nothing else to do, or 10 ms after the
        // first rectangle of a burst that does not end (a noisy screen arrives as hundreds of tiles).
        long now = System.nanoTime();
        if (d.pendingSince == 0) {
            d.pendingSince = now;
            d.px0 = x0;
            d.py0 = y0;
            d.px1 = x1;
            d.py1 = y1;
        } else {
            d.px0 = Math.min(d.px0, x0);
            d.py0 = Math.min(d.py0, y0);
            d.px1 = Math.max(d.px1, x1);
            d.py1 = Math.max(d.py1, y1);
        }
        if (now - d.pendingSince > 10_000_000L) {
            flush(d);
        } else if (!flushScheduled) {
            flushScheduled = true;
            GLib.Lib.INSTANCE.g_idle_add(flushAll, null);
        }
    }

    private boolean flushScheduled;
    /** Held for the session's life: a collected callback crashes the process. */
    private final GLib.SourceFunc flushAll = data -> {
        flushScheduled = false;
        displays.values().forEach(this::flush);
        return 0;
    };

    private void flush(Display d) {
        if (d.pendingSince == 0) {
            return;
        }
        long now = System.nanoTime();
        boolean direct = output.allPresented(d.id);
        if (direct && now - d.lastPut < MIN_PUT_INTERVAL_NS) {
            // on the window at most once a display refresh: a screen that changes all the time is
            // put 60 times a second, not once per decoded tile; a keystroke after a pause at once
            if (!putScheduled) {
                putScheduled = true;
                GLib.Lib.INSTANCE.g_timeout_add((int) Math.max(1, (MIN_PUT_INTERVAL_NS - (now - d.lastPut)) / 1_000_000L),
                        putAll, null);
            }
            return;
        }
        d.pendingSince = 0;
        output.changed(d.id, d.px0, d.py0, d.px1, d.py1);
        if (direct) {
            d.lastPut = now;
            return; // nothing of the app's reads the file now
        }
        bridge.send("DIRTY " + d.id + " " + d.px0 + " " + d.py0 + " " + (d.px1 - d.px0) + " " + (d.py1 - d.py0));
    }

    /** The least time between two puts of a display drawn on the app's window: 60 a second. */
    private static final long MIN_PUT_INTERVAL_NS = 16_000_000L;
    private boolean putScheduled;
    /** Held for the session's life: a collected callback crashes the process. */
    private final GLib.SourceFunc putAll = data -> {
        putScheduled = false;
        displays.values().forEach(this::flush);
        return 0;
    };

    /**
     * View {@code view} of display {@code id} is drawn by the app ({@code remove}: gone for good);
     * the frame file is brought up to date.
     */
    void unpresent(int view, int id, boolean remove) {
        if (remove) {
            output.remove(view);
        } else {
            output.hide(view, id);
        }
        freshen();
    }

    /**
     * Brings every frame file no view puts on screen up to date, and reports it dirty: the app
     * reads the file again (a view drawn by the app, a screenshot).
     */
    void freshen() {
        for (Display d : displays.values()) {
            if (d.stale && d.data != null && d.frame != null) {
                d.stale = false;
                copy(d, 0, 0, d.width, d.height);
                bridge.send("DIRTY " + d.id + " 0 0 " + d.width + " " + d.height);
            }
        }
    }

    /** Copies a rectangle of the library's surface into the frame file, setting alpha to opaque. */
    private static void copy(Display d, int x, int y, int w, int h) {
        IntBuffer dst = d.pixels;
        for (int row = y; row < y + h; row++) {
            IntBuffer src = d.data.getByteBuffer((long) row * d.stride + x * 4L, w * 4L)
                    .order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
            int base = row * d.width + x;
            for (int i = 0; i < w; i++) {
                dst.put(base + i, src.get(i) | 0xFF000000);
            }
        }
    }

    /** Input that arrived before the inputs channel was open: sent when it opens, not lost. */
    private final List<Runnable> pendingInput = new ArrayList<>();
    private boolean inputsOpen;

    /** True when {@code action} must wait for the inputs channel (it is then kept, up to a limit). */
    private boolean deferred(Runnable action) {
        if (inputsOpen) {
            return false;
        }
        if (pendingInput.size() < 4096) {
            pendingInput.add(action);
        }
        return true;
    }

    void key(boolean press, int scancode) {
        if (deferred(() -> key(press, scancode))) {
            return;
        }
        if (press) {
            SPICE.spice_inputs_channel_key_press(inputs, scancode);
        } else {
            SPICE.spice_inputs_channel_key_release(inputs, scancode);
        }
    }

    void position(int display, int x, int y, int buttons) {
        if (!deferred(() -> position(display, x, y, buttons))) {
            SPICE.spice_inputs_channel_position(inputs, x, y, display, buttons);
        }
    }

    /** Relative pointer motion, for the server mouse mode. */
    void motion(int dx, int dy, int buttons) {
        if (!deferred(() -> motion(dx, dy, buttons))) {
            SPICE.spice_inputs_channel_motion(inputs, dx, dy, buttons);
        }
    }

    void button(boolean press, int button, int buttons) {
        if (deferred(() -> button(press, button, buttons))) {
            return;
        }
        if (press) {
            SPICE.spice_inputs_channel_button_press(inputs, button, buttons);
        } else {
            SPICE.spice_inputs_channel_button_release(inputs, button, buttons);
        }
    }

    void close() {
        if (session != null) {
            SPICE.spice_session_disconnect(session);
        }
        for (Display d : displays.values()) {
            if (d.file != null) {
                try {
                    Files.deleteIfExists(d.file);
                } catch (IOException e) {
                    // the app's clean-up removes the directory
                }
            }
        }
    }
}
