package dev.vireo.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.HostUri;
import dev.vireo.bridge.LibvirtEventLoop;
import dev.vireo.bridge.model.DomainState;
import dev.vireo.bridge.model.GraphicsInfo;
import dev.vireo.bridge.model.VirtualMachine;
import dev.vireo.bridge.testing.Eventually;
import dev.vireo.bridge.testing.TestBed;
import dev.vireo.bridge.testing.TestHosts;
import dev.vireo.spice.ConsoleClient;
import dev.vireo.spice.FramePng;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console bridge against the live test bed's guest: a real SPICE server (QEMU), a bridge
 * process with spice-client-glib, frames through a mapped file. What the console holds is what
 * libvirt's own screenshot shows.
 */
class ConsoleLiveIT {

    private static final Duration GUEST = Duration.ofSeconds(90);

    private TestBed bed;
    private HostConnection connection;
    private final String name = "vireo-console-it-" + ProcessHandle.current().pid();
    private ConsoleClient client;
    private final List<String> states = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        bed = TestBed.require();
        LibvirtEventLoop.ensureStarted();
        connection = new HostConnection(new HostUri("qemu:///system", "live"));
        connection.open().join();
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        TestBed.removeGuest(name);
        TestHosts.close(connection);
    }

    @Test
    void theConsoleShowsWhatLibvirtsScreenshotShows() throws Exception {
        VirtualMachine vm = startGuest();
        GraphicsInfo spice = vm.description().graphics().stream().filter(g -> "spice".equals(g.type())).findFirst()
                .orElseThrow();
        client = ConsoleClient.start(new ConsoleClient.Listener() {
            @Override
            public void state(ConsoleClient.State state, String text) {
                states.add(state + " " + text);
            }

            @Override
            public void surface(ConsoleClient.Frame frame) {
                states.add("surface " + frame.width() + "x" + frame.height());
            }

            @Override
            public void dirty(int display, int x, int y, int width, int height) {
            }

            @Override
            public void audio() {
                states.add("audio");
            }
        });
        client.connect("127.0.0.1", spice.port(), 0, null, true);
        Eventually.until("the console connected with a surface", Duration.ofSeconds(20),
                () -> client.frame(0) != null, states::toString);
        assertThat(states).contains("CONNECTED ");

        // the guest draws its bands; once the console's frame matches libvirt's, the console is right
        double[] best = {1};
        Eventually.value("the console's frame equal to virDomainScreenshot", GUEST, () -> {
            BufferedImage shot = libvirtScreenshot(vm);
            BufferedImage mine = FramePng.image(client.frame(0));
            double diff = difference(shot, mine);
            best[0] = Math.min(best[0], diff);
            return colours(mine) >= 4 && diff < 0.01 ? Optional.of(diff) : Optional.empty();
        });
        assertThat(best[0]).isLessThan(0.01);
        // the guest's sound card is heard here: spice-gtk's audio opened the playback channel
        Eventually.until("the playback channel open", Duration.ofSeconds(20), () -> states.contains("audio"), states::toString);
    }

    /**
     * A console that speaks TLS only (libvirt gives it a TLS port and no plain one), checked
     * against the host's SPICE CA and its certificate's subject: the CLI's frame equals libvirt's
     * screenshot, and the .vv file carries the CA and subject, with which a client connects.
     */
    @Test
    void aTlsOnlyConsoleCheckedAgainstTheHostsCertificate(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        var doc = dev.vireo.bridge.model.Xml.parse(bed.guestXml(name, TestBed.serialLog(name)));
        TestBed.withTlsOnly(doc);
        String xml = dev.vireo.bridge.model.Xml.serialize(doc);
        connection.call("define", c -> c.domainDefineXML(xml)).join();
        Eventually.until(name + " listed", () -> find().isPresent());
        connection.operations().start(find().orElseThrow()).join();
        VirtualMachine vm = Eventually.value(name + " running", Duration.ofSeconds(20), () -> find()
                .filter(v -> v.state() == DomainState.RUNNING && v.description().graphics().stream().anyMatch(g -> g.tlsPort() > 0)));
        assertThat(vm.description().graphics().get(0).port()).as("no plain port").isLessThanOrEqualTo(0);
        Eventually.value("the guest's bands", GUEST, () -> colours(libvirtScreenshot(vm)) >= 4 ? Optional.of(1) : Optional.empty());

        var dirs = new dev.vireo.app.XdgDirs(dir.resolve("c"), dir.resolve("s"), dir.resolve("k"));
        var cl = dev.vireo.app.cli.VireoCommand.create(dirs, launch -> { });
        var err = new java.io.StringWriter();
        cl.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
        cl.setErr(new java.io.PrintWriter(err));
        java.nio.file.Path png = dir.resolve("tls.png");
        assertThat(cl.execute("console", name, "--connect", "qemu:///system", "--screenshot", png.toString(), "--wait-ms", "300"))
                .as(err.toString()).isZero();
        assertThat(difference(libvirtScreenshot(vm), ImageIO.read(png.toFile()))).isLessThan(0.01);

        java.nio.file.Path vvFile = dir.resolve("tls.vv");
        assertThat(cl.execute("vv", name, "--connect", "qemu:///system", "-o", vvFile.toString())).as(err.toString()).isZero();
        var vv = dev.vireo.spice.VvFile.parse(java.nio.file.Files.readString(vvFile));
        assertThat(vv.port()).isZero();
        assertThat(vv.tlsPort()).isEqualTo(vm.description().graphics().get(0).tlsPort());
        assertThat(vv.hostSubject()).isEqualTo("C=XX,O=Vireo test bed,CN=vireo-testbed.invalid");
        assertThat(vv.ca()).isEqualTo(java.nio.file.Files.readString(SpiceTrust.DEFAULT_DIR.resolve("ca-cert.pem")));
        try (ConsoleClient c = ConsoleClient.start((state, text) -> { })) {
            c.trust(vv.ca(), vv.hostSubject());
            c.connect(vv.host(), 0, vv.tlsPort(), null);
            Eventually.value("the guest's bands over TLS from the .vv file", GUEST, () -> c.frame(0) != null
                    && colours(FramePng.image(c.frame(0))) >= 4 ? Optional.of(true) : Optional.empty());
        }
    }

    /**
     * {@code vireo console NAME --screenshot}: a password-protected console (the password read from
     * the live XML with secrets), written as PNG, equal to libvirt's screenshot.
     */
    @Test
    void theCliWritesTheConsolesFrameOfAPasswordProtectedConsole(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        var doc = dev.vireo.bridge.model.Xml.parse(bed.guestXml(name, TestBed.serialLog(name)));
        ((org.w3c.dom.Element) doc.getElementsByTagName("graphics").item(0)).setAttribute("passwd", "s3cr\"t & <pw>");
        String xml = dev.vireo.bridge.model.Xml.serialize(doc);
        connection.call("define", c -> c.domainDefineXML(xml)).join();
        Eventually.until(name + " listed", () -> find().isPresent());
        connection.operations().start(find().orElseThrow()).join();
        VirtualMachine vm = Eventually.value(name + " running", Duration.ofSeconds(20), () -> find()
                .filter(v -> v.state() == DomainState.RUNNING && v.description().graphics().stream().anyMatch(g -> g.port() > 0)));
        Eventually.value("the guest's bands", GUEST, () -> colours(libvirtScreenshot(vm)) >= 4 ? Optional.of(1) : Optional.empty());

        java.nio.file.Path png = dir.resolve("console.png");
        var dirs = new dev.vireo.app.XdgDirs(dir.resolve("c"), dir.resolve("s"), dir.resolve("k"));
        var cl = dev.vireo.app.cli.VireoCommand.create(dirs, launch -> { });
        var out = new java.io.StringWriter();
        var err = new java.io.StringWriter();
        cl.setOut(new java.io.PrintWriter(out));
        cl.setErr(new java.io.PrintWriter(err));
        int code = cl.execute("console", name, "--connect", "qemu:///system", "--screenshot", png.toString(), "--wait-ms", "300");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("Wrote ").contains(png.toString());
        BufferedImage written = ImageIO.read(png.toFile());
        assertThat(difference(libvirtScreenshot(vm), written)).isLessThan(0.01);

        // a .vv file for remote-viewer: without the password unless asked, readable only by its owner
        java.nio.file.Path vvFile = dir.resolve("console.vv");
        var vvErr = new java.io.StringWriter();
        cl.setErr(new java.io.PrintWriter(vvErr));
        assertThat(cl.execute("vv", name, "--connect", "qemu:///system", "-o", vvFile.toString())).isZero();
        var vv = dev.vireo.spice.VvFile.parse(java.nio.file.Files.readString(vvFile));
        assertThat(vv.host()).isEqualTo("127.0.0.1");
        assertThat(vv.port()).isEqualTo(vm.description().graphics().get(0).port());
        assertThat(vv.password()).isNull();
        assertThat(vvErr.toString()).contains("the console has a password; the file does not hold it");
        assertThat(cl.execute("vv", name, "--connect", "qemu:///system", "-o", vvFile.toString(), "--with-password")).isZero();
        assertThat(dev.vireo.spice.VvFile.parse(java.nio.file.Files.readString(vvFile)).password()).isEqualTo("s3cr\"t & <pw>");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(vvFile)))
                .isEqualTo("rw-------");

        // a wrong password is refused by the SPICE server and said as such
        var spice = vm.description().graphics().get(0);
        java.util.concurrent.CompletableFuture<String> answer = new java.util.concurrent.CompletableFuture<>();
        try (ConsoleClient c = ConsoleClient.start((state, text) -> {
            if (state == ConsoleClient.State.CONNECTED || state == ConsoleClient.State.AUTH_FAILED) {
                answer.complete(state + " " + text);
            }
        })) {
            c.connect("127.0.0.1", spice.port(), 0, "wrong".toCharArray());
            assertThat(answer.get(20, java.util.concurrent.TimeUnit.SECONDS))
                    .isEqualTo("AUTH_FAILED the console refused the password");
        }
    }

    @Test
    void aShutOffVmHasNoConsole(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        var dirs = new dev.vireo.app.XdgDirs(dir.resolve("c"), dir.resolve("s"), dir.resolve("k"));
        bed.defineGuest(name, null);
        Eventually.until(name + " listed", () -> find().isPresent());
        var cl = dev.vireo.app.cli.VireoCommand.create(dirs, launch -> { });
        var err = new java.io.StringWriter();
        cl.setErr(new java.io.PrintWriter(err));
        int code = cl.execute("console", name, "--connect", "qemu:///system", "--screenshot", dir.resolve("x.png").toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("vireo: “" + name + "” is shut off: start it to see its console.\n");

    }

    /** Keys typed through the console reach the guest's shell on its screen (tty1). */
    @Test
    void typedKeysReachTheGuestsShell() throws Exception {
        VirtualMachine vm = startGuest();
        Eventually.until("the guest ready", GUEST, () -> serial().contains("vireo-testguest: ready"), this::serial);
        GraphicsInfo spice = vm.description().graphics().get(0);
        client = ConsoleClient.start((state, text) -> states.add(state + " " + text));
        client.connect("127.0.0.1", spice.port(), 0, null);
        Eventually.until("connected", Duration.ofSeconds(20), () -> states.contains("CONNECTED "), states::toString);
        Eventually.until("a surface", Duration.ofSeconds(20), () -> client.frame(0) != null, states::toString);
        // the screen's shell comes up just after "ready" and may drop what was typed before it read
        // its terminal: typed again until it answers (a few times at most)
        for (int attempt = 1; !serial().contains("typed-by-vireo-42"); attempt++) {
            type(client, "echo typed-by-vireo-$((6*7)) > /dev/ttyS0\n");
            try {
                Eventually.until("the typed command's output on the serial console", Duration.ofSeconds(20),
                        () -> serial().contains("typed-by-vireo-42"), this::serial);
            } catch (AssertionError notYet) {
                if (attempt == 4) {
                    throw notYet;
                }
            }
        }
    }

    /**
     * Mouse input reaches the guest's input devices in both SPICE mouse modes: positions on its
     * virtio tablet in client mode (the default with a tablet), relative motion on its PS/2
     * mouse in server mode (a guest without a tablet), and a left click in each. The guest
     * reports the kernel's input events on its serial console.
     */
    @Test
    void clicksAndMotionReachTheGuestInBothMouseModes() throws Exception {
        VirtualMachine vm = startGuest(null);
        List<String> modes = new CopyOnWriteArrayList<>();
        client = mouseClient(vm, modes);
        Eventually.until("client mouse mode", Duration.ofSeconds(20), () -> modes.contains("client"), modes::toString);
        java.util.regex.Pattern tabletX = java.util.regex.Pattern.compile("vireo-input (\\S*Tablet\\S*) 3 0 (\\d+)");
        java.util.regex.Pattern tabletClick = java.util.regex.Pattern.compile("vireo-input \\S*Tablet\\S* 1 272 1");
        Eventually.until("a click at the middle of the screen on the guest's tablet", GUEST, () -> {
            client.position(0, 512, 384, 0);
            client.button(true, 1, 1);
            client.button(false, 1, 0);
            return tabletClick.matcher(serial()).find();
        }, this::serial);
        java.util.regex.Matcher x = tabletX.matcher(serial());
        long last = -1;
        while (x.find()) {
            last = Long.parseLong(x.group(2));
        }
        assertThat(last).as("the tablet's X (0..32767) for x = 512 of 1024").isBetween(16_000L, 16_800L);
        client.close();
        client = null;
        TestBed.removeGuest(name);

        // the same guest without its tablet: SPICE's server mode, motion relative, on the PS/2 mouse
        vm = startGuest(TestBed::withoutTablet);
        modes.clear();
        client = mouseClient(vm, modes);
        Eventually.until("server mouse mode", Duration.ofSeconds(20), () -> modes.contains("server"), modes::toString);
        java.util.regex.Pattern right = java.util.regex.Pattern.compile("vireo-input \\S*PS/2\\S* 2 0 [1-9]");
        java.util.regex.Pattern down = java.util.regex.Pattern.compile("vireo-input \\S*PS/2\\S* 2 1 [1-9]");
        java.util.regex.Pattern click = java.util.regex.Pattern.compile("vireo-input \\S*PS/2\\S* 1 272 1");
        Eventually.until("motion right and down and a click on the guest's PS/2 mouse", GUEST, () -> {
            client.motion(20, 10, 0);
            client.button(true, 1, 1);
            client.button(false, 1, 0);
            String log = serial();
            return right.matcher(log).find() && down.matcher(log).find() && click.matcher(log).find();
        }, () -> "mouse modes " + modes + "\n" + serial());
        assertThat(modes).doesNotContain("client");
    }

    private ConsoleClient mouseClient(VirtualMachine vm, List<String> modes) throws java.io.IOException {
        Eventually.until("the guest ready", GUEST, () -> serial().contains("vireo-testguest: ready"), this::serial);
        ConsoleClient c = ConsoleClient.start(new ConsoleClient.Listener() {
            @Override
            public void state(ConsoleClient.State state, String text) {
                states.add(state + " " + text);
            }

            @Override
            public void mouseMode(boolean server) {
                modes.add(server ? "server" : "client");
            }
        });
        c.connect("127.0.0.1", vm.description().graphics().get(0).port(), 0, null);
        return c;
    }

    /**
     * A reboot typed into the console: the guest's screen goes back to the firmware's mode and
     * then to its framebuffer's again, and the console follows each change of resolution on the
     * same connection.
     */
    @Test
    void theConsoleFollowsTheResolutionThroughAReboot() throws Exception {
        VirtualMachine vm = startGuest();
        Eventually.until("the guest ready", GUEST, () -> serial().contains("vireo-testguest: ready"), this::serial);
        List<String> surfaces = new CopyOnWriteArrayList<>();
        client = ConsoleClient.start(new ConsoleClient.Listener() {
            @Override
            public void state(ConsoleClient.State state, String text) {
                states.add(state + " " + text);
            }

            @Override
            public void surface(ConsoleClient.Frame frame) {
                surfaces.add(frame.width() + "x" + frame.height());
            }
        });
        client.connect("127.0.0.1", vm.description().graphics().get(0).port(), 0, null);
        Eventually.until("the guest's framebuffer", Duration.ofSeconds(20), () -> surfaces.contains("1024x768"), surfaces::toString);
        surfaces.clear();
        int readies = count(serial(), "vireo-testguest: ready");
        for (int attempt = 1; surfaces.stream().noneMatch(s -> !s.equals("1024x768")); attempt++) {
            type(client, "reboot -f\n");
            try {
                Eventually.until("the firmware's screen after the reboot", Duration.ofSeconds(20),
                        () -> surfaces.stream().anyMatch(s -> !s.equals("1024x768")), surfaces::toString);
            } catch (AssertionError notYet) {
                if (attempt == 4) {
                    throw notYet;
                }
            }
        }
        Eventually.until("the guest up again", GUEST, () -> count(serial(), "vireo-testguest: ready") > readies, this::serial);
        Eventually.until("the framebuffer's resolution again", GUEST,
                () -> surfaces.get(surfaces.size() - 1).equals("1024x768") && client.frame(0).width() == 1024, surfaces::toString);
        Eventually.value("the guest's bands on the same connection", GUEST, () ->
                colours(FramePng.image(client.frame(0))) >= 4 ? Optional.of(true) : Optional.empty());
        assertThat(states).doesNotContain("DISCONNECTED ").filteredOn(s -> s.startsWith("CONNECTED")).hasSize(1);
    }

    /**
     * A guest with two QXL devices: each is a display of its own, with its own surface, and each
     * holds what libvirt's screenshot of that screen shows.
     */
    @Test
    void eachDisplayOfAGuestWithTwoHasItsOwnSurface() throws Exception {
        VirtualMachine vm = startGuest(TestBed::withTwoDisplays);
        List<String> surfaces = new CopyOnWriteArrayList<>();
        client = ConsoleClient.start(new ConsoleClient.Listener() {
            @Override
            public void state(ConsoleClient.State state, String text) {
                states.add(state + " " + text);
            }

            @Override
            public void surface(ConsoleClient.Frame frame) {
                surfaces.add(frame.display() + ":" + frame.width() + "x" + frame.height());
            }
        });
        client.connect("127.0.0.1", vm.description().graphics().get(0).port(), 0, null);
        Eventually.until("the guest ready", GUEST, () -> serial().contains("vireo-testguest: ready"), this::serial);
        assertThat(serial()).contains("framebuffers: fb0 fb1");
        double[] diffs = {1, 1};
        Eventually.until("each display equal to libvirt's screenshot of its screen", GUEST, () -> {
            for (int screen = 0; screen < 2; screen++) {
                ConsoleClient.Frame f = client.frame(screen);
                diffs[screen] = f == null ? 1 : difference(libvirtScreenshot(vm, screen), FramePng.image(f));
            }
            return diffs[0] < 0.01 && diffs[1] < 0.01;
        }, () -> "surfaces " + surfaces + ", differences " + java.util.Arrays.toString(diffs));
        assertThat(client.frame(1).width()).isEqualTo(1024);
        // the first screen has the shell's text; the second is not a copy of it
        assertThat(difference(FramePng.image(client.frame(0)), FramePng.image(client.frame(1)))).isGreaterThan(0.001);
    }

    /**
     * One QXL device with two heads, lit side by side by the guest: one display channel, one
     * surface, and a monitors configuration naming each head's rectangle of it. Each rectangle
     * holds what libvirt's screenshot shows there (QEMU gives the device one console, the whole
     * surface: libvirt has no screen 1 to compare with), and the two heads show different things.
     */
    @Test
    void theHeadsOfOneQxlDeviceAreRectanglesOfItsSurface() throws Exception {
        VirtualMachine vm = startGuest(TestBed::withTwoHeads);
        List<String> configs = new CopyOnWriteArrayList<>();
        client = ConsoleClient.start(new ConsoleClient.Listener() {
            @Override
            public void state(ConsoleClient.State state, String text) {
                states.add(state + " " + text);
            }

            @Override
            public void monitors(int display, List<ConsoleClient.Monitor> monitors) {
                configs.add(display + ": " + monitors);
            }
        });
        client.connect("127.0.0.1", vm.description().graphics().get(0).port(), 0, null);
        Eventually.until("the guest ready", GUEST, () -> serial().contains("vireo-testguest: ready"), this::serial);
        assertThat(serial()).containsPattern("heads: -s \\d+@\\d+:800x600 -s \\d+@\\d+:800x600");
        Eventually.until("two monitors on display 0", GUEST, () -> client.monitors(0).size() == 2, configs::toString);
        List<ConsoleClient.Monitor> monitors = client.monitors(0);
        assertThat(monitors).extracting(ConsoleClient.Monitor::id).containsExactly(0, 1);
        assertThat(monitors).allSatisfy(m -> assertThat(m.width() + "x" + m.height()).isEqualTo("800x600"));
        // side by side, where the guest's driver put them (QXL's puts each head's copy of the framebuffer
        // in a surface as wide as all of them: the second head's rectangle starts past the first copy)
        assertThat(monitors.get(1).x()).isGreaterThanOrEqualTo(monitors.get(0).x() + 800);
        assertThat(client.frame(1)).as("no second display channel").isNull();
        double[] diffs = {1, 1};
        Eventually.until("each monitor equal to libvirt's screenshot there", GUEST, () -> {
            BufferedImage shot = libvirtScreenshot(vm);
            BufferedImage frame = FramePng.image(client.frame(0));
            for (int i = 0; i < 2; i++) {
                diffs[i] = shot.getWidth() != frame.getWidth() ? 1 : difference(crop(shot, monitors.get(i)), crop(frame, monitors.get(i)));
            }
            return diffs[0] < 0.01 && diffs[1] < 0.01;
        }, () -> "monitors " + configs + ", differences " + java.util.Arrays.toString(diffs));
        BufferedImage frame = FramePng.image(client.frame(0));
        assertThat(difference(crop(frame, monitors.get(0)), crop(frame, monitors.get(1)))).isGreaterThan(0.1);
        assertThat(colours(crop(frame, monitors.get(1)))).isGreaterThanOrEqualTo(4);
    }

    /**
     * With two heads and an agent (the stand-in, which only opens the way: spice-server hands a
     * monitors configuration to a QXL device whose driver takes it rather than to the agent): the
     * resolution asked for reaches the guest's QXL driver for both monitors, each with its own size,
     * as the preferred mode of its head.
     */
    @Test
    void theAgentIsAskedForEveryMonitorOfAMultiHeadDisplay() throws Exception {
        VirtualMachine vm = startGuest(doc -> {
            TestBed.withTwoHeads(doc);
            TestBed.withAgent(doc);
        });
        List<String> agent = new CopyOnWriteArrayList<>();
        client = ConsoleClient.start(new ConsoleClient.Listener() {
            @Override
            public void state(ConsoleClient.State state, String text) {
                states.add(state + " " + text);
            }

            @Override
            public void agent(boolean connected) {
                agent.add(connected ? "connected" : "gone");
            }
        });
        client.connect("127.0.0.1", vm.description().graphics().get(0).port(), 0, null);
        Eventually.until("the guest ready", GUEST, () -> serial().contains("vireo-testguest: ready"), this::serial);
        Eventually.until("the agent connected", Duration.ofSeconds(30), () -> agent.contains("connected"), agent::toString);
        Eventually.until("a monitors configuration of two monitors in the guest", Duration.ofSeconds(30), () -> {
            client.resize(List.of(new ConsoleClient.Monitor(0, 0, 0, 1000, 700), new ConsoleClient.Monitor(1, 1000, 0, 640, 480)));
            return serial().contains("vireo-qxl modes: Virtual-1=1000x700 Virtual-2=640x480");
        }, () -> agent + "\n" + serial());
    }

    /** The rectangle of {@code image} that {@code monitor} shows. */
    static BufferedImage crop(BufferedImage image, ConsoleClient.Monitor monitor) {
        return image.getSubimage(monitor.x(), monitor.y(), monitor.width(), monitor.height());
    }

    /**
     * With an agent in the guest (a stand-in speaking spice-vdagent's protocol: the real one needs
     * an X session this guest lacks): a resize request arrives as a monitors configuration, text
     * offered from the host arrives in the guest, and text the guest offers arrives here.
     */
    @Test
    void theGuestsAgentGetsTheSizeAndSharesTheClipboard() throws Exception {
        VirtualMachine vm = startGuest(TestBed::withAgent);
        List<String> agent = new CopyOnWriteArrayList<>();
        client = ConsoleClient.start(new ConsoleClient.Listener() {
            @Override
            public void state(ConsoleClient.State state, String text) {
                states.add(state + " " + text);
            }

            @Override
            public void agent(boolean connected) {
                agent.add(connected ? "connected" : "gone");
            }

            @Override
            public void guestClipboard(String text) {
                agent.add("clipboard " + text);
            }
        });
        client.connect("127.0.0.1", vm.description().graphics().get(0).port(), 0, null);
        Eventually.until("the guest ready", GUEST, () -> serial().contains("vireo-testguest: ready"), this::serial);
        Eventually.until("the agent connected", Duration.ofSeconds(30), () -> agent.contains("connected"), agent::toString);
        Eventually.until("the monitors configuration in the guest", Duration.ofSeconds(30), () -> {
            client.resize(0, 1000, 700);
            return serial().contains("vireo-agent monitors 1 1000 700");
        }, () -> agent + "\n" + serial());
        String text = "copied on the host: Grüße & <tags> 虚拟机";
        Eventually.until("the host's text in the guest", Duration.ofSeconds(30), () -> {
            client.hostClipboard(text);
            return serial().contains("vireo-agent clipboard " + text);
        }, this::serial);
        Eventually.until("the guest's text here", Duration.ofSeconds(30), () -> agent.contains("clipboard guest:" + text),
                agent::toString);
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** Types US-layout text as key presses through {@link Scancodes}, Shift where the character needs it. */
    static void type(ConsoleClient client, String text) throws InterruptedException {
        String plain = "abcdefghijklmnopqrstuvwxyz0123456789 -=/.\n";
        String shifted = ")!@#$%^&*(_+?>";
        javafx.scene.input.KeyCode[] shiftedKeys = {javafx.scene.input.KeyCode.DIGIT0, javafx.scene.input.KeyCode.DIGIT1,
            javafx.scene.input.KeyCode.DIGIT2, javafx.scene.input.KeyCode.DIGIT3, javafx.scene.input.KeyCode.DIGIT4,
            javafx.scene.input.KeyCode.DIGIT5, javafx.scene.input.KeyCode.DIGIT6, javafx.scene.input.KeyCode.DIGIT7,
            javafx.scene.input.KeyCode.DIGIT8, javafx.scene.input.KeyCode.DIGIT9, javafx.scene.input.KeyCode.MINUS,
            javafx.scene.input.KeyCode.EQUALS, javafx.scene.input.KeyCode.SLASH, javafx.scene.input.KeyCode.PERIOD};
        int shift = Scancodes.of(javafx.scene.input.KeyCode.SHIFT).getAsInt();
        for (char c : text.toCharArray()) {
            int s = shifted.indexOf(c);
            boolean upper = Character.isUpperCase(c);
            javafx.scene.input.KeyCode key = s >= 0 ? shiftedKeys[s] : switch (c) {
                case ' ' -> javafx.scene.input.KeyCode.SPACE;
                case '-' -> javafx.scene.input.KeyCode.MINUS;
                case '=' -> javafx.scene.input.KeyCode.EQUALS;
                case '/' -> javafx.scene.input.KeyCode.SLASH;
                case '.' -> javafx.scene.input.KeyCode.PERIOD;
                case '\n' -> javafx.scene.input.KeyCode.ENTER;
                default -> javafx.scene.input.KeyCode.valueOf(String.valueOf(Character.toUpperCase(c))
                        .replaceAll("(\\d)", "DIGIT$1"));
            };
            assertThat(plain.indexOf(Character.toLowerCase(c)) >= 0 || s >= 0).as("typable: " + c).isTrue();
            int code = Scancodes.of(key).getAsInt();
            if (s >= 0 || upper) {
                client.key(true, shift);
            }
            client.key(true, code);
            client.key(false, code);
            if (s >= 0 || upper) {
                client.key(false, shift);
            }
            Thread.sleep(15); // a typist's pace: the guest's keyboard buffer under TCG is small
        }
    }

    private String serial() {
        try {
            return java.nio.file.Files.exists(TestBed.serialLog(name)) ? java.nio.file.Files.readString(TestBed.serialLog(name)) : "";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private VirtualMachine startGuest() {
        return startGuest(null);
    }

    /** Defines and starts the test guest, its XML first changed by {@code edit} unless null. */
    private VirtualMachine startGuest(java.util.function.Consumer<org.w3c.dom.Document> edit) {
        bed.defineGuest(name, null, edit == null ? doc -> { } : edit);
        Eventually.until(name + " listed", () -> find().isPresent());
        connection.operations().start(find().orElseThrow()).join();
        return Eventually.value(name + " running with its SPICE port", Duration.ofSeconds(20), () -> find()
                .filter(v -> v.state() == DomainState.RUNNING && v.description().graphics().stream()
                        .anyMatch(g -> g.port() > 0)));
    }

    private Optional<VirtualMachine> find() {
        return connection.domains().snapshot().stream().filter(v -> v.name().equals(name)).findFirst();
    }

    private BufferedImage libvirtScreenshot(VirtualMachine vm) {
        return libvirtScreenshot(vm, 0);
    }

    private BufferedImage libvirtScreenshot(VirtualMachine vm, int screen) {
        try {
            return ImageIO.read(new ByteArrayInputStream(connection.operations().screenshot(vm, screen).join().data()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Share of pixels that differ by more than a little in any channel; 1 for different sizes. */
    static double difference(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return 1;
        }
        long differ = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift < 24; shift += 8) {
                    if (Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff)) > 8) {
                        differ++;
                        break;
                    }
                }
            }
        }
        return differ / (double) (a.getWidth() * a.getHeight());
    }

    static int colours(BufferedImage image) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 16) {
            for (int x = 0; x < image.getWidth(); x += 16) {
                seen.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        return seen.size();
    }
}
