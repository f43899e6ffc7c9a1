package dev.vireo.spice.bridge;

import com.sun.jna.Pointer;
import dev.vireo.spice.glib.GLib;
import dev.vireo.spice.SocketLines;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The console bridge process: one SPICE session, run by spice-client-glib on this process's own
 * GLib main loop, so decoding never touches the app's JavaFX thread, and a crash here cannot take
 * the manager down. It connects back to the app over a Unix socket (arguments: the socket path,
 * the directory for frame files), takes commands as text lines and reports events the same way
 * (see {@link dev.vireo.spice.Protocol}). Secrets come over the socket, never on the command line.
 */
public final class ConsoleBridge {

    private final SocketLines lines;
    private final Path frames;
    private final ConcurrentLinkedQueue<Runnable> work = new ConcurrentLinkedQueue<>();
    /** Strongly held for the life of the process: a collected callback crashes it. */
    private final GLib.SourceFunc drain = data -> {
        for (Runnable r; (r = work.poll()) != null; ) {
            try {
                r.run();
            } catch (RuntimeException e) {
                error("internal " + e);
            }
        }
        return 0;
    };
    private Pointer loop;
    private SpiceSession session;
    private final X11Output output = new X11Output(this);

    private ConsoleBridge(SocketLines lines, Path frames) {
        this.lines = lines;
        this.frames = frames;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ConsoleBridge SOCKET FRAME_DIR");
            System.exit(2);
        }
        SocketChannel socket = SocketChannel.open(UnixDomainSocketAddress.of(args[0]));
        ConsoleBridge bridge = new ConsoleBridge(new SocketLines(socket), Path.of(args[1]));
        Thread reader = new Thread(bridge::read, "bridge-commands");
        reader.setDaemon(true);
        bridge.loop = GLib.Lib.INSTANCE.g_main_loop_new(null, 0);
        reader.start();
        bridge.send("READY");
        GLib.Lib.INSTANCE.g_main_loop_run(bridge.loop); // this thread now owns the default main context
        bridge.send("BYE");
        System.exit(0);
    }

    /** Commands from the app, one a line; each runs on the GLib loop's thread. */
    private void read() {
        try {
            for (String line; (line = lines.readLine()) != null; ) {
                String[] w = line.split(" ");
                switch (w[0]) {
                    case "TLS" -> onLoop(() -> trust(w));
                    case "CONNECT" -> onLoop(() -> connect(w));
                    case "MAPPED" -> onLoop(() -> session.mapped(Integer.parseInt(w[1]), Integer.parseInt(w[2])));
                    case "KEY" -> onLoop(() -> session.key("press".equals(w[1]), Integer.parseInt(w[2])));
                    case "POS" -> onLoop(() -> session.position(Integer.parseInt(w[1]), Integer.parseInt(w[2]),
                            Integer.parseInt(w[3]), Integer.parseInt(w[4])));
                    case "RESIZE" -> onLoop(() -> session.resize(Integer.parseInt(w[1]), Integer.parseInt(w[2]),
                            Integer.parseInt(w[3])));
                    case "RESIZE_MONITORS" -> onLoop(() -> session.resizeMonitors(java.util.Arrays.stream(w).skip(1)
                            .map(m -> java.util.Arrays.stream(m.split(":")).mapToInt(Integer::parseInt).toArray())
                            .toArray(int[][]::new)));
                    case "CLIPBOARD" -> onLoop(() -> session.hostClipboard(java.util.Base64.getDecoder().decode(w[1])));
                    case "MOTION" -> onLoop(() -> session.motion(Integer.parseInt(w[1]), Integer.parseInt(w[2]),
                            Integer.parseInt(w[3])));
                    case "BUTTON" -> onLoop(() -> session.button("press".equals(w[1]), Integer.parseInt(w[2]),
                            Integer.parseInt(w[3])));
                    case "PRESENT" -> onLoop(() -> output.present(Integer.parseInt(w[1]), Integer.parseInt(w[2]),
                            Long.parseLong(w[3]), Integer.parseInt(w[4]), Integer.parseInt(w[5]), Integer.parseInt(w[6]),
                            Integer.parseInt(w[7]), Integer.parseInt(w[8]), Integer.parseInt(w[9])));
                    case "HIDE" -> onLoop(() -> session().unpresent(Integer.parseInt(w[1]), Integer.parseInt(w[2]), false));
                    case "UNPRESENT" -> onLoop(() -> session().unpresent(Integer.parseInt(w[1]), -1, true));
                    case "FRESHEN" -> onLoop(() -> {
                        session().freshen();
                        send("FRESH " + w[1]);
                    });
                    case "QUIT" -> {
                        onLoop(this::quit);
                        return;
                    }
                    default -> error("unknown command " + w[0]);
                }
            }
        } catch (IOException e) {
            // the app went away
        }
        onLoop(this::quit); // no app, no console
    }

    /** The CA file and server subject for the next CONNECT's TLS channels. */
    private Path caFile;
    private String certSubject;

    /** {@code TLS CA_PEM_BASE64 SUBJECT_BASE64|-}: the CA is written beside the frames (it is public). */
    private void trust(String[] w) {
        try {
            caFile = frames.resolve("spice-ca.pem");
            java.nio.file.Files.write(caFile, java.util.Base64.getDecoder().decode(w[1]));
            certSubject = "-".equals(w[2]) ? null : new String(java.util.Base64.getDecoder().decode(w[2]), StandardCharsets.UTF_8);
        } catch (IOException e) {
            send("STATE error could not keep the console's CA certificate: " + e.getMessage());
        }
    }

    private void connect(String[] w) {
        String password = "-".equals(w[4]) ? null
                : new String(java.util.Base64.getDecoder().decode(w[4]), StandardCharsets.UTF_8);
        session = new SpiceSession(this, frames, w.length > 5 && "audio".equals(w[5]), output);
        session.connect(w[1], Integer.parseInt(w[2]), Integer.parseInt(w[3]), password, caFile, certSubject);
    }

    /** The session; commands about its displays come only after CONNECT. */
    private SpiceSession session() {
        if (session == null) {
            throw new IllegalStateException("no session yet");
        }
        return session;
    }

    private void quit() {
        if (session != null) {
            session.close();
        }
        output.close();
        GLib.Lib.INSTANCE.g_main_loop_quit(loop);
    }

    private void onLoop(Runnable r) {
        work.add(r);
        GLib.Lib.INSTANCE.g_idle_add(drain, null);
    }

    /** Sends one event line to the app. */
    void send(String line) {
        try {
            lines.write(line);
        } catch (IOException e) {
            System.exit(0); // the app is gone
        }
    }

    void error(String text) {
        System.err.println("vireo-console-bridge: " + text);
    }
}
