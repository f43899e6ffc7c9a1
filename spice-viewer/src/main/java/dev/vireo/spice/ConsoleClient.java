package dev.vireo.spice;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's end of one console: starts a bridge process ({@code ConsoleBridge}, a JVM of its own
 * with spice-client-glib), talks to it over a Unix socket in a private directory, maps the frame
 * files it writes, and tells a {@link Listener} what happens, on the thread that reads the socket.
 * Input goes the other way. If the bridge dies, the listener hears it and nothing else is touched.
 */
public final class ConsoleClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleClient.class);
    private static final Duration START = Duration.ofSeconds(15);

    /** What the console is doing. */
    public enum State { STARTING, CONNECTING, CONNECTED, AUTH_FAILED, DISCONNECTED, ERROR }

    /** A surface the bridge draws into: its pixels are BGRA, alpha opaque, {@code stride} bytes a row. */
    public record Frame(int display, int generation, int width, int height, int stride, ByteBuffer pixels) {
    }

    /** Told on the client's reader thread; hop to the UI thread before touching controls. */
    @FunctionalInterface
    public interface Listener {
        void state(State state, String text);

        default void surface(Frame frame) {
        }

        default void dirty(int display, int x, int y, int width, int height) {
        }

        default void surfaceGone(int display) {
        }

        /**
         * The monitors {@code display}'s surface holds now, each a rectangle of it (a multi-head QXL
         * device puts several monitors in one surface); empty when the guest has said nothing.
         */
        default void monitors(int display, List<Monitor> monitors) {
        }

        /** The mouse mode the server chose: relative motion with a grab (server) or positions (client). */
        default void mouseMode(boolean server) {
        }

        /** The guest's pointer shape, or null for the default pointer. */
        default void cursor(Cursor cursor) {
        }

        /** The guest hides its pointer. */
        default void cursorHidden() {
        }

        /** Where the guest's pointer is, in the server mouse mode. */
        default void cursorMoved(int x, int y) {
        }

        /** Whether spice-vdagent runs in the guest (resolution, clipboard). */
        default void agent(boolean connected) {
        }

        /** Text the guest copied (its agent offered it and sent it). */
        default void guestClipboard(String text) {
        }

        /** The guest's sound reaches this console (the playback channel is open). */
        default void audio() {
        }

        /** View {@code view} is on the app's window, put there by the bridge ({@link #present}). */
        default void presenting(int view) {
        }

        /**
         * View {@code view} is not on the app's window: the bridge cannot put it there ({@code why}:
         * no X display, not true colour) or its window went away; the app draws it itself.
         */
        default void presentEnded(int view, String why) {
        }
    }

    /** Monitor {@code id} of a display channel: the rectangle of its surface it shows. */
    public record Monitor(int id, int x, int y, int width, int height) {
    }

    /** A pointer shape: {@code rgba} holds width x height pixels, bytes R, G, B, A (straight alpha). */
    public record Cursor(int width, int height, int hotX, int hotY, byte[] rgba) {
    }

    private final Listener listener;
    private final Path dir;
    private final Process process;
    private final SocketChannel socket;
    private final SocketLines lines;
    private final Map<Integer, Frame> frames = new ConcurrentHashMap<>();
    private final Map<Integer, List<Monitor>> monitors = new ConcurrentHashMap<>();
    private volatile boolean closing;

    private ConsoleClient(Listener listener, Path dir, Process process, SocketChannel socket) {
        this.listener = listener;
        this.dir = dir;
        this.process = process;
        this.socket = socket;
        this.lines = new SocketLines(socket);
    }

    /** Starts a bridge process and waits until it has connected back. */
    public static ConsoleClient start(Listener listener) throws IOException {
        Path dir = Files.createTempDirectory(runtimeDir(), "vireo-console-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path socketPath = dir.resolve("socket");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socketPath));
        List<String> command = new ArrayList<>();
        // the runtime's own java, not this process's executable: installed, that is the application's
        // launcher (/opt/vireo/bin/vireo), which would start Vireo instead of the bridge
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Djna.encoding=UTF-8", "-XX:+UseSerialGC", "-Xmx128m", "-Xss512k", "-Xshare:auto"));
        String jnaBoot = System.getProperty("jna.boot.library.path");
        if (jnaBoot != null) { // JNA's native part where the launcher keeps it, not unpacked from its jar
            command.add("-Djna.boot.library.path=" + jnaBoot);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.vireo.spice.bridge.ConsoleBridge",
                socketPath.toString(), dir.toString()));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        logStderr(process);
        server.configureBlocking(false);
        long deadline = System.nanoTime() + START.toNanos();
        SocketChannel socket;
        while ((socket = server.accept()) == null) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                server.close();
                delete(dir);
                throw new IOException("the console bridge did not start" + (process.isAlive() ? " in time"
                        : " (exit " + process.exitValue() + ")"));
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting the console bridge", e);
            }
        }
        server.close();
        socket.configureBlocking(true);
        ConsoleClient client = new ConsoleClient(listener, dir, process, socket);
        Thread reader = new Thread(client::read, "console-client");
        reader.setDaemon(true);
        reader.start();
        return client;
    }

    /** Connects to a SPICE server at {@code host}; ports 0 are not used; {@code password} may be null. */
    public void connect(String host, int port, int tlsPort, char[] password) {
        connect(host, port, tlsPort, password, false);
    }

    /** Connects; with {@code audio} the guest's sound plays here (spice-gtk's GStreamer output). */
    public void connect(String host, int port, int tlsPort, char[] password, boolean audio) {
        String pw = password == null ? "-"
                : Base64.getEncoder().encodeToString(new String(password).getBytes(StandardCharsets.UTF_8));
        send("CONNECT " + host + " " + port + " " + tlsPort + " " + pw + " " + (audio ? "audio" : "silent"));
    }

    /**
     * Trusts, for the TLS channels of the next {@link #connect}, the CA {@code caPem} and a server
     * certificate with {@code subject} (null: the host name is checked instead).
     */
    public void trust(String caPem, String subject) {
        send("TLS " + Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8)) + " "
                + (subject == null ? "-" : Base64.getEncoder().encodeToString(subject.getBytes(StandardCharsets.UTF_8))));
    }

    /** Asks the guest's agent to set {@code display} to this size (ignored without an agent). */
    public void resize(int display, int width, int height) {
        send("RESIZE " + display + " " + width + " " + height);
    }

    /**
     * Asks the guest's agent for a monitor configuration of {@code display}'s monitors: each
     * monitor's id, place and size (ignored without an agent). Monitors left out are turned off.
     */
    public void resize(List<Monitor> monitors) {
        StringBuilder line = new StringBuilder("RESIZE_MONITORS");
        for (Monitor m : monitors) {
            line.append(' ').append(m.id()).append(':').append(m.x()).append(':').append(m.y()).append(':')
                    .append(m.width()).append(':').append(m.height());
        }
        send(line.toString());
    }

    /** The host's clipboard text, offered to the guest: its agent fetches it when something is pasted there. */
    public void hostClipboard(String text) {
        send("CLIPBOARD " + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Relative pointer motion in guest pixels (server mouse mode). */
    public void motion(int dx, int dy, int buttons) {
        send("MOTION " + dx + " " + dy + " " + buttons);
    }

    public void key(boolean press, int scancode) {
        send("KEY " + (press ? "press" : "release") + " " + scancode);
    }

    /** Client-mode pointer: an absolute position on {@code display}, with the buttons held (mask). */
    public void position(int display, int x, int y, int buttons) {
        send("POS " + display + " " + x + " " + y + " " + buttons);
    }

    public void button(boolean press, int button, int buttons) {
        send("BUTTON " + (press ? "press" : "release") + " " + button + " " + buttons);
    }

    /**
     * Asks the bridge to put view {@code view} on the app's X window {@code window} itself: the
     * rectangle at {@code sourceX, sourceY} of {@code display}'s surface, {@code width} x {@code
     * height}, at {@code x, y} of the window (window pixels, 1:1). Sent again when any of it changes.
     */
    public void present(int view, int display, long window, int x, int y, int width, int height, int sourceX,
            int sourceY) {
        send("PRESENT " + view + " " + display + " " + window + " " + x + " " + y + " " + width + " " + height + " "
                + sourceX + " " + sourceY);
    }

    /**
     * View {@code view} of {@code display} is drawn by the app (another tab, a minimised window, a
     * message over it, a zoom): the bridge keeps that display's frame file current and reports its
     * dirty rectangles, which it stops doing once every view of a display is on its window.
     */
    public void hide(int view, int display) {
        send("HIDE " + view + " " + display);
    }

    /** View {@code view} is drawn by the app again (or gone): the bridge keeps the frame file current. */
    public void unpresent(int view) {
        send("UNPRESENT " + view);
    }

    /**
     * Brings every frame file up to date (while the bridge puts a display on a window itself it
     * stops copying it there); completes when it is, or at once with the bridge gone.
     */
    public java.util.concurrent.CompletableFuture<Void> freshen() {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        if (!process.isAlive()) {
            done.complete(null);
            return done;
        }
        int n = freshenings.incrementAndGet();
        fresh.put(n, done);
        send("FRESHEN " + n);
        return done;
    }

    private final java.util.concurrent.atomic.AtomicInteger freshenings = new java.util.concurrent.atomic.AtomicInteger();
    private final Map<Integer, java.util.concurrent.CompletableFuture<Void>> fresh = new ConcurrentHashMap<>();

    /** The current surface of {@code display}, or null. */
    public Frame frame(int display) {
        return frames.get(display);
    }

    /** The monitors of {@code display}'s surface as last reported (empty: none reported). */
    public List<Monitor> monitors(int display) {
        return monitors.getOrDefault(display, List.of());
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The bridge's process id, for tests that kill it. */
    public long pid() {
        return process.pid();
    }

    private void read() {
        try {
            for (String line; (line = lines.readLine()) != null; ) {
                try {
                    handle(line);
                } catch (RuntimeException e) { // a malformed line: logged, and the console goes on
                    LOG.warn("console bridge line not understood: {}", line.length() > 200 ? line.substring(0, 200) : line, e);
                }
            }
        } catch (IOException e) {
            LOG.debug("console bridge socket: {}", e.getMessage());
        }
        fresh.values().forEach(f -> f.complete(null)); // nothing more will come: the file is as it is
        fresh.clear();
        if (!closing) {
            LOG.warn("the console bridge (pid {}) ended unexpectedly", process.pid());
            listener.state(State.ERROR, "The console's bridge process ended unexpectedly.");
        }
    }

    private void handle(String line) {
        String[] w = line.split(" ", 7);
        switch (w[0]) {
            case "READY", "BYE" -> { }
            case "STATE" -> {
                String text = line.length() > 6 + w[1].length() ? line.substring(7 + w[1].length()) : "";
                State s = switch (w[1]) {
                    case "connecting" -> State.CONNECTING;
                    case "connected" -> State.CONNECTED;
                    case "auth" -> State.AUTH_FAILED;
                    case "disconnected" -> State.DISCONNECTED;
                    default -> State.ERROR;
                };
                listener.state(s, text);
            }
            case "SURFACE" -> {
                int display = Integer.parseInt(w[1]);
                int gen = Integer.parseInt(w[2]);
                try {
                    ByteBuffer map = FrameFile.open(Path.of(w[6]));
                    Frame f = new Frame(display, gen, Integer.parseInt(w[3]), Integer.parseInt(w[4]),
                            Integer.parseInt(w[5]), FrameFile.pixels(map));
                    frames.put(display, f);
                    send("MAPPED " + display + " " + gen);
                    listener.surface(f);
                } catch (IOException e) {
                    if (!closing) { // closing, the bridge removes its files: a surface it announced may be gone
                        listener.state(State.ERROR, "Could not map the console's frame: " + e.getMessage());
                    }
                }
            }
            case "SURFACE_GONE" -> {
                int display = Integer.parseInt(w[1]);
                listener.surfaceGone(display);
            }
            case "MONITORS" -> {
                int display = Integer.parseInt(w[1]);
                List<Monitor> list = new ArrayList<>();
                for (String m : line.split(" ")) {
                    String[] f = m.split(":");
                    if (f.length == 5) {
                        list.add(new Monitor(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                                Integer.parseInt(f[3]), Integer.parseInt(f[4])));
                    }
                }
                monitors.put(display, List.copyOf(list));
                listener.monitors(display, List.copyOf(list));
            }
            case "DIRTY" -> listener.dirty(Integer.parseInt(w[1]), Integer.parseInt(w[2]), Integer.parseInt(w[3]),
                    Integer.parseInt(w[4]), Integer.parseInt(w[5]));
            case "MOUSE" -> listener.mouseMode("server".equals(w[1]));
            case "AGENT" -> listener.agent("yes".equals(w[1]));
            case "AUDIO" -> listener.audio();
            case "FRESH" -> {
                java.util.concurrent.CompletableFuture<Void> done = fresh.remove(Integer.parseInt(w[1]));
                if (done != null) {
                    done.complete(null);
                }
            }
            case "PRESENTING" -> listener.presenting(Integer.parseInt(w[1]));
            case "PRESENT_FAILED" -> listener.presentEnded(Integer.parseInt(w[1]), line.split(" ", 3).length > 2
                    ? line.split(" ", 3)[2] : "");
            case "PRESENT_GONE" -> listener.presentEnded(Integer.parseInt(w[1]), "its window is gone");
            case "CLIPBOARD" -> listener.guestClipboard(new String(Base64.getDecoder().decode(w.length > 1 ? w[1] : ""),
                    StandardCharsets.UTF_8));
            case "CURSOR_HIDE" -> listener.cursorHidden();
            case "CURSOR_MOVE" -> listener.cursorMoved(Integer.parseInt(w[1]), Integer.parseInt(w[2]));
            case "CURSOR" -> listener.cursor("default".equals(w[1]) ? null
                    : new Cursor(Integer.parseInt(w[1]), Integer.parseInt(w[2]), Integer.parseInt(w[3]),
                            Integer.parseInt(w[4]), Base64.getDecoder().decode(w[5])));
            default -> LOG.debug("console bridge said {}", line);
        }
    }

    private void send(String line) {
        try {
            lines.write(line);
        } catch (IOException e) {
            LOG.debug("console bridge gone: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        closing = true;
        send("QUIT");
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            socket.close();
        } catch (IOException e) {
            // closed already
        }
        frames.clear();
        delete(dir);
    }

    private static void logStderr(Process process) {
        Thread t = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = err.readLine()) != null; ) {
                    LOG.info("console bridge {}: {}", process.pid(), line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "console-bridge-stderr");
        t.setDaemon(true);
        t.start();
    }

    /** tmpfs where there is one (frames are written dozens of times a second). */
    private static Path runtimeDir() {
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        if (xdg != null && Files.isDirectory(Path.of(xdg)) && Files.isWritable(Path.of(xdg))) {
            return Path.of(xdg);
        }
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", dir, e.getMessage());
        }
    }
}
