package dev.vireo.app.console;

import static dev.vireo.app.testing.FxTesting.onFx;
import static dev.vireo.app.testing.FxTesting.runFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.app.AppContext;
import dev.vireo.app.XdgDirs;
import dev.vireo.app.testing.Screenshots;
import dev.vireo.app.vmlist.ManagerWindow;
import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.model.DomainState;
import dev.vireo.bridge.model.VirtualMachine;
import dev.vireo.bridge.testing.Eventually;
import dev.vireo.bridge.testing.TestBed;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The console window on the live test bed: opened by double-clicking the VM in the manager, it
 * renders what libvirt's screenshot shows, passes typed keys to the guest's shell, survives its
 * bridge process being killed (Reconnect), and shows a shut-off VM with a Start button that brings
 * the picture back.
 */
@ExtendWith(ApplicationExtension.class)
class ConsoleWindowUiTest {

    private static final Duration GUEST = Duration.ofSeconds(90);

    @TempDir
    static Path home;

    private AppContext context;
    private ManagerWindow window;
    private Stage stage;
    private String guest;

    @Start
    void start(Stage primary) throws Exception {
        stage = new Stage();
        Path dir = Files.createTempDirectory(home, "xdg");
        context = new AppContext(new XdgDirs(dir.resolve("config"), dir.resolve("state"), dir.resolve("cache")));
        window = new ManagerWindow(stage, context);
        window.show();
    }

    @AfterEach
    void tearDown() {
        runFx(() -> {
            List.copyOf(javafx.stage.Window.getWindows()).forEach(w -> {
                if (w instanceof Stage s && s != stage) {
                    s.close();
                }
            });
            stage.hide();
        });
        context.close();
        if (guest != null) {
            TestBed.removeGuest(guest);
        }
    }

    /**
     * Defines the test guest (named {@code prefix-PID}, its XML patched by {@code edit}) on the
     * real libvirtd, connects the window to it, waits for its row and starts it.
     */
    private HostConnection startGuest(String prefix, java.util.function.Consumer<org.w3c.dom.Document> edit) {
        TestBed bed = TestBed.require();
        guest = prefix + "-" + ProcessHandle.current().pid();
        bed.defineGuest(guest, null, edit);
        runFx(() -> window.connect("qemu:///system"));
        Eventually.until(guest + " listed", Duration.ofSeconds(20), () -> onFx(() -> window.connectionNames().stream()
                .anyMatch(c -> window.vmNames(c).contains(guest))), () -> "");
        HostConnection c = context.connections().entries().get(0).connection();
        c.operations().start(vm(c)).join();
        return c;
    }

    @Test
    void theConsoleShowsTypesRecoversAndStartsTheVm(FxRobot robot) throws Exception {
        HostConnection c = startGuest("vireo-console-ui", doc -> { });
        Eventually.until("the guest ready", GUEST, () -> serial().contains("vireo-testguest: ready"), this::serial);

        robot.doubleClickOn(guest);
        Eventually.until("the console window", () -> !robot.lookup("#console-view").queryAll().isEmpty());
        ConsoleView view = robot.lookup("#console-view").queryAs(ConsoleView.class);
        robot.clickOn("#console-fit"); // 100 %: the rendered pixels can be compared one to one
        Eventually.value("the console rendering what libvirt's screenshot shows", GUEST, () -> {
            BufferedImage shown = rendered(view);
            BufferedImage shot = libvirt(c);
            return shown != null && ConsoleLiveIT.colours(shown) >= 4 && ConsoleLiveIT.difference(shot, shown) < 0.01
                    ? Optional.of(true) : Optional.empty();
        });
        if (WindowPresenter.ENABLED) { // at 100 % on X11 the bridge draws the picture on the window itself
            assertThat(onFx(view::presented)).as("drawn on the window by the bridge").isTrue();
            // another tab: the bridge's window goes, and comes back with the console's tab
            robot.clickOn("Overview");
            Eventually.until("the bridge's window gone with the console's tab", () -> !onFx(view::presented));
            robot.clickOn("Console");
            Eventually.until("the bridge's window back", () -> onFx(view::presented));
        }
        Screenshots.window(guest + " on .*", "console-window");

        // zoom steps, and the pointer mapped back to guest pixels at any scale
        robot.clickOn("#console-zoom-in");
        assertThat(onFx(view::scale)).isEqualTo(1.1);
        Eventually.until("JavaFX drawing the zoomed picture", () -> !onFx(view::presented));
        Eventually.value("the zoomed picture current", GUEST, () -> { // the bridge's file brought up to date
            BufferedImage shown = dev.vireo.spice.FramePng.image(onFx(view::snapshot));
            return ConsoleLiveIT.difference(libvirt(c), shown) < 0.01 ? Optional.of(true) : Optional.empty();
        });
        assertThat(onFx(() -> robot.lookup("#console-zoom").queryAs(Label.class).getText())).isEqualTo("110 %");
        int[] corner = onFx(() -> {
            var image = view.lookup(".image-view");
            return view.toGuest(image.getLayoutX() + 110, image.getLayoutY() + 55);
        });
        assertThat(corner).containsExactly(100, 50);
        robot.clickOn("#console-zoom-out");
        robot.clickOn("#console-zoom-out");
        assertThat(onFx(view::scale)).isEqualTo(0.9);

        java.util.concurrent.atomic.AtomicInteger keys = new java.util.concurrent.atomic.AtomicInteger();
        runFx(() -> view.setKeyHook(k -> keys.incrementAndGet()));
        robot.clickOn("#console-view");
        type(robot, "echo typed-in-the-window > /dev/ttyS0\n");
        Eventually.until("the typed command ran in the guest", GUEST, () -> serial().contains("typed-in-the-window"),
                () -> "keys sent: " + keys.get() + ", focus: " + onFx(() -> String.valueOf(view.getScene().getFocusOwner()))
                        + ", window focused: " + onFx(() -> view.getScene().getWindow().isFocused()) + "\n" + serial());

        // the clicks that gave the view the focus reached the guest's tablet (client mouse mode)
        Eventually.until("a click on the guest's tablet", GUEST, () -> serial().contains("vireo-input QEMU_Virtio_Tablet 1 272 1"),
                this::serial);
        assertThat(onFx(view::serverMouse)).isFalse();

        // the bridge process dies: the console says so and reconnects on request; the manager works on
        VmWindow vmWindow = onFx(() -> window.openConsole(row(guest)));
        ConsolePane console = vmWindow.console();
        assertThat(onFx(() -> javafx.stage.Window.getWindows().stream().filter(w -> w instanceof Stage s
                && s.getTitle() != null && s.getTitle().startsWith(guest + " on ")).count())).as("one window per VM")
                .isEqualTo(1);

        // detached into a window of its own and brought back: the same bridge, no reconnection
        long bridge = onFx(() -> console.controller().client().pid());
        robot.clickOn("#console-detach");
        Eventually.until("the console in its own window", () -> onFx(() -> vmWindow.detachedWindow() != null
                && vmWindow.detachedWindow().isShowing() && view.getScene() == vmWindow.detachedWindow().getScene()));
        Screenshots.window(guest + " — Console", "console-detached");
        long shownBefore = onFx(view::framesShown);
        robot.clickOn("#console-view");
        type(robot, "echo typed-detached > /dev/ttyS0\n");
        Eventually.until("typing in the detached console", GUEST, () -> serial().contains("typed-detached"), this::serial);
        Eventually.until("frames in the detached window (at 90 %, drawn by JavaFX)", () -> onFx(view::framesShown) > shownBefore);
        runFx(view::actualSize); // 100 %: the bridge draws on the detached window now
        Eventually.value("the detached window showing the guest at 100 %", GUEST, () -> {
            BufferedImage shown = rendered(view);
            return shown != null && ConsoleLiveIT.difference(libvirt(c), shown) < 0.01 ? Optional.of(true) : Optional.empty();
        });
        if (WindowPresenter.ENABLED) {
            assertThat(onFx(view::presented)).as("drawn on the detached window by the bridge").isTrue();
        }
        runFx(() -> vmWindow.detachedWindow().close());
        Eventually.until("the console back in its tab", () -> onFx(() -> vmWindow.detachedWindow() == null
                && view.getScene() == vmWindow.stage().getScene()));
        assertThat(onFx(() -> console.controller().client().pid())).isEqualTo(bridge);
        long pid = onFx(() -> console.controller().client() == null ? -1L : console.controller().client().pid());
        assertThat(pid).as("the console's bridge; status: " + message(robot)).isPositive();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        Eventually.until("the console telling of its bridge", () -> message(robot).contains("bridge process ended"),
                () -> message(robot));
        assertThat(onFx(() -> window.connectionNames())).isNotEmpty();
        long before = onFx(view::framesShown);
        robot.clickOn("#console-action");
        Eventually.until("a new bridge showing the picture", Duration.ofSeconds(30), () -> onFx(() ->
                console.controller().client() != null && console.controller().client().pid() != pid
                        && view.framesShown() > before && view.frame() != null), () -> message(robot));

        // forced off: the console shows it with Start; Start brings the VM and its picture back
        c.operations().forceOff(vm(c)).join();
        Eventually.until("the shut-off state shown", () -> message(robot).endsWith("is shut off."), () -> message(robot));
        assertThat(onFx(() -> robot.lookup("#console-action").queryAs(Button.class).getText())).isEqualTo("Start");
        assertThat(onFx(view::presented)).as("the message is not under the bridge's window").isFalse();
        Screenshots.window(guest + " on .*", "console-shut-off");
        robot.clickOn("#console-action");
        Eventually.value("the guest's bands after the start", GUEST, () -> {
            BufferedImage shown = onFx(() -> view.frame()) == null ? null : rendered(view);
            return shown != null && ConsoleLiveIT.colours(shown) >= 4 ? Optional.of(true) : Optional.empty();
        });
        assertThat(message(robot)).doesNotContain("shut off");
    }

    /**
     * A guest without a tablet (SPICE's server mouse mode): a click gives the console the pointer,
     * moves arrive as relative motion on the guest's PS/2 mouse, Ctrl+Alt gives the pointer back.
     */
    @Test
    void theServerMouseModeGrabsThePointerUntilCtrlAlt(FxRobot robot) throws Exception {
        HostConnection c = startGuest("vireo-console-grab", TestBed::withoutTablet);
        Eventually.until("the guest ready", GUEST, () -> serial().contains("vireo-testguest: ready"), this::serial);

        VmWindow vmWindow = onFx(() -> window.openConsole(row(guest)));
        Eventually.until("the console's picture", GUEST, () -> !robot.lookup("#console-view").queryAll().isEmpty()
                && onFx(() -> robot.lookup("#console-view").queryAs(ConsoleView.class).frame() != null), () -> "");
        ConsoleView view = robot.lookup("#console-view").queryAs(ConsoleView.class);
        Eventually.until("server mouse mode", Duration.ofSeconds(20), () -> onFx(view::serverMouse), () -> "");
        assertThat(pointer(robot)).isEqualTo(ConsoleView.CLICK_HINT);

        robot.clickOn("#console-view");
        assertThat(onFx(view::grabbed)).isTrue();
        assertThat(onFx(view::getCursor)).isEqualTo(javafx.scene.Cursor.NONE);
        assertThat(pointer(robot)).isEqualTo(ConsoleView.GRAB_HINT);
        Screenshots.window(guest + " on .*", "console-pointer-grabbed");
        java.util.regex.Pattern right = java.util.regex.Pattern.compile("vireo-input \\S*PS/2\\S* 2 0 [1-9]");
        java.util.regex.Pattern down = java.util.regex.Pattern.compile("vireo-input \\S*PS/2\\S* 2 1 [1-9]");
        Eventually.until("the pointer's moves on the guest's PS/2 mouse", GUEST, () -> {
            robot.moveBy(30, 20);
            return right.matcher(serial()).find() && down.matcher(serial()).find();
        }, this::serial);
        assertThat(onFx(view::grabbed)).as("still grabbed after moving far").isTrue();
        robot.clickOn(javafx.scene.input.MouseButton.PRIMARY);
        Eventually.until("a click on the guest's PS/2 mouse", GUEST,
                () -> java.util.regex.Pattern.compile("vireo-input \\S*PS/2\\S* 1 272 1").matcher(serial()).find(), this::serial);

        robot.press(KeyCode.CONTROL, KeyCode.ALT).release(KeyCode.ALT, KeyCode.CONTROL);
        Eventually.until("the pointer given back", () -> !onFx(view::grabbed));
        assertThat(pointer(robot)).isEqualTo(ConsoleView.CLICK_HINT);
        assertThat(onFx(view::getCursor)).isEqualTo(javafx.scene.Cursor.DEFAULT);
        runFx(() -> vmWindow.stage().close());
    }

    /**
     * A guest with two QXL devices: its second display opens in a window of its own, showing what
     * libvirt's screenshot of that screen shows, and goes when the VM's window closes.
     */
    @Test
    void aSecondDisplayOpensInAWindowOfItsOwn(FxRobot robot) throws Exception {
        HostConnection c = startGuest("vireo-console-heads", TestBed::withTwoDisplays);
        VmWindow vmWindow = onFx(() -> window.openConsole(row(guest)));
        Eventually.until("the guest ready", GUEST, () -> serial().contains("vireo-testguest: ready"), this::serial);
        Eventually.until("the second display's window", GUEST, () -> onFx(() -> displayWindow() != null), () -> "");
        ConsoleView second = onFx(() -> (ConsoleView) displayWindow().getScene().lookup("#console-view-1"));
        Eventually.value("the second display showing what libvirt's screenshot of screen 1 shows", GUEST, () -> {
            BufferedImage shown = rendered(second);
            return shown != null && ConsoleLiveIT.difference(screen(c, 1), shown) < 0.01 ? Optional.of(true) : Optional.empty();
        });
        assertThat(onFx(() -> second.frame().display())).isEqualTo(1);
        Screenshots.window(guest + " .*Display 2", "console-second-display");
        runFx(() -> vmWindow.stage().close());
        Eventually.until("the second display's window closed with the VM's", () -> onFx(() -> displayWindow() == null));
    }

    /**
     * One QXL device with two heads lit side by side (one display, one surface): the VM's console
     * shows the first monitor and a window of its own the second, each its rectangle of the surface
     * as libvirt's screenshot shows it there; a click on each lands on the guest's tablet at that
     * monitor's place, a monitor's screenshot is that monitor, and a head the guest turns off takes
     * its window away.
     */
    @Test
    void eachMonitorOfAMultiHeadDisplayHasAViewOfItsOwn(FxRobot robot) throws Exception {
        HostConnection c = startGuest("vireo-console-monitors", TestBed::withTwoHeads);
        VmWindow vmWindow = onFx(() -> window.openConsole(row(guest)));
        Eventually.until("the guest ready", GUEST, () -> serial().contains("vireo-testguest: ready"), this::serial);
        Eventually.until("the second monitor's window", GUEST, () -> onFx(() -> displayWindow() != null), () -> "");
        ConsoleView first = robot.lookup("#console-view").queryAs(ConsoleView.class);
        ConsoleView second = onFx(() -> (ConsoleView) displayWindow().getScene().lookup("#console-view-1"));
        // the guest's console lights both heads first (1024x768 each), then modetest sets them to 800x600
        Eventually.until("both monitors at modetest's 800x600", GUEST, () -> onFx(() -> first.area() != null
                && first.area().width() == 800 && second.area() != null && second.area().width() == 800),
                () -> onFx(() -> first.area() + " " + second.area()));
        var areas = onFx(() -> List.of(first.area(), second.area()));
        assertThat(areas).extracting(dev.vireo.spice.ConsoleClient.Monitor::id).containsExactly(0, 1);
        assertThat(onFx(() -> second.frame().display())).as("the same display channel").isZero();
        double[] diffs = {1, 1};
        Eventually.until("each monitor's view showing what libvirt's screenshot shows there", GUEST, () -> {
            BufferedImage shot = libvirt(c);
            BufferedImage one = rendered(first);
            BufferedImage two = rendered(second);
            diffs[0] = one == null ? 1 : ConsoleLiveIT.difference(ConsoleLiveIT.crop(shot, areas.get(0)), one);
            diffs[1] = two == null ? 1 : ConsoleLiveIT.difference(ConsoleLiveIT.crop(shot, areas.get(1)), two);
            return diffs[0] < 0.01 && diffs[1] < 0.01;
        }, () -> "differences " + java.util.Arrays.toString(diffs) + ", areas " + areas + ", scales "
                + onFx(() -> first.scale() + " " + second.scale() + ", rendered " + first.lookup(".image-view").getBoundsInLocal()
                        + " " + second.lookup(".image-view").getBoundsInLocal() + " frame " + second.frame()
                        + " visible " + second.isVisible()) + " rendered " + java.util.Optional.ofNullable(rendered(second))
                        .map(i -> i.getWidth() + "x" + i.getHeight()).orElse("none"));
        assertThat(ConsoleLiveIT.difference(rendered(first), rendered(second))).as("two different heads").isGreaterThan(0.1);
        // what the screenshot button saves: the frame file, brought up to date by the bridge first
        BufferedImage saved = dev.vireo.spice.FramePng.image(onFx(second::currentSnapshot).get(10, java.util.concurrent.TimeUnit.SECONDS));
        assertThat(ConsoleLiveIT.difference(ConsoleLiveIT.crop(libvirt(c), areas.get(1)), saved)).as("the monitor's screenshot")
                .isLessThan(0.01);
        String title = onFx(() -> vmWindow.stage().getTitle()).replaceAll("[\\\\^$.|?*+()\\[\\]{}]", "\\\\$0");
        runFx(() -> vmWindow.stage().toFront()); // the second window overlaps the first
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        Screenshots.window(title, "console-monitor-1");
        runFx(() -> displayWindow().toFront());
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        Screenshots.window(title + " — Display 2", "console-monitor-2");

        // a click in the middle of each view: on the tablet at that monitor's middle, of the whole surface
        int surfaceWidth = onFx(() -> first.frame().width());
        for (ConsoleView v : List.of(first, second)) {
            var area = onFx(v::area);
            runFx(() -> ((Stage) v.getScene().getWindow()).toFront()); // the second window overlaps the first
            javafx.geometry.Point2D middle = onFx(() -> {
                var image = v.lookup(".image-view");
                var b = image.getBoundsInLocal();
                return image.localToScreen(b.getCenterX(), b.getCenterY());
            });
            int clicks = count(serial(), "Tablet 1 272 1");
            robot.moveTo(middle).clickOn(javafx.scene.input.MouseButton.PRIMARY);
            Eventually.until("the click on the guest's tablet", Duration.ofSeconds(30),
                    () -> count(serial(), "Tablet 1 272 1") > clicks, this::serial);
            long expected = (area.x() + area.width() / 2L) * 32767 / (surfaceWidth - 1);
            assertThat(lastTabletX()).as("the tablet's X for the middle of monitor " + area.id()).isBetween(expected - 400, expected + 400);
        }

        // the guest turns its second head off: its window goes
        robot.clickOn("#console-view");
        type(robot, "killall modetest\n");
        type(robot, "echo off > /sys/class/drm/card0-Virtual-2/status\n");
        Eventually.until("the second monitor's window gone", GUEST, () -> onFx(() -> displayWindow() == null), () -> "");
        Eventually.until("the first view showing the whole surface again", GUEST, () -> onFx(() -> first.area() == null), () -> "");
        runFx(() -> vmWindow.stage().close());
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** The last absolute X the guest's tablet reported (0..32767). */
    private long lastTabletX() {
        java.util.regex.Matcher x = java.util.regex.Pattern.compile("vireo-input \\S*Tablet\\S* 3 0 (\\d+)").matcher(serial());
        long last = -1;
        while (x.find()) {
            last = Long.parseLong(x.group(1));
        }
        return last;
    }

    /**
     * A console whose password nobody gave (a .vv file without one): it asks, says so when the
     * typed password is wrong, and shows the guest once it is right.
     */
    @Test
    void aConsoleWithoutItsPasswordAsksForIt(FxRobot robot) throws Exception {
        HostConnection c = startGuest("vireo-console-pw", doc -> ((org.w3c.dom.Element) doc.getElementsByTagName("graphics").item(0))
                .setAttribute("passwd", "vireo-pw-9"));
        int port = Eventually.value("the console's port", Duration.ofSeconds(20), () -> vm(c).description().graphics().stream()
                .map(g -> g.port()).filter(p -> p > 0).findFirst());
        var vv = dev.vireo.spice.VvFile.parse("[virt-viewer]\ntype=spice\nhost=127.0.0.1\nport=" + port + "\n");
        ConsoleWindow console = onFx(() -> {
            ConsoleWindow w = ConsoleWindow.forFile(vv, new dev.vireo.app.common.FxDialogService(stage),
                    scene -> scene.getStylesheets().add(ManagerWindow.class.getResource("/dev/vireo/app/vireo.css").toExternalForm()));
            w.show();
            return w;
        });
        Eventually.until("the console asking for the password", Duration.ofSeconds(20),
                () -> message(robot).equals("The console asks for a password:"), () -> message(robot));
        assertThat(onFx(() -> robot.lookup("#console-password").queryAs(javafx.scene.control.PasswordField.class).isVisible()))
                .isTrue();
        Screenshots.window(".*127\\.0\\.0\\.1.*", "console-password");
        robot.clickOn("#console-password").write("wrong").type(KeyCode.ENTER);
        Eventually.until("the wrong password refused", Duration.ofSeconds(20),
                () -> message(robot).startsWith("The console refused the password."), () -> message(robot));
        robot.clickOn("#console-password").write("vireo-pw-9").type(KeyCode.ENTER);
        Eventually.until("the guest's screen", GUEST, () -> onFx(() -> console.pane().view().frame() != null), () -> message(robot));
        assertThat(onFx(() -> robot.lookup("#console-password").queryAs(javafx.scene.control.PasswordField.class).getText()))
                .isEmpty();
        runFx(() -> console.stage().close());
    }

    /**
     * A console that speaks TLS only, opened from .vv files: without the host's CA the console says
     * what is missing; with the CA and subject the file carries (as {@code vireo vv} writes it), it
     * shows the guest.
     */
    @Test
    void aTlsConsoleFromAVvFileWithAndWithoutItsCa(FxRobot robot) throws Exception {
        HostConnection c = startGuest("vireo-console-tls", TestBed::withTlsOnly);
        int tlsPort = Eventually.value("the console's TLS port", Duration.ofSeconds(20), () -> vm(c).description().graphics()
                .stream().map(g -> g.tlsPort()).filter(p -> p > 0).findFirst());
        var bare = dev.vireo.spice.VvFile.spice("127.0.0.1", 0, tlsPort, null, guest);
        ConsoleWindow untrusted = open(bare);
        Eventually.until("the missing CA said", Duration.ofSeconds(30),
                () -> message(robot).contains("found no SPICE CA certificate"), () -> message(robot));
        assertThat(message(robot)).startsWith("The TLS handshake failed");
        runFx(() -> untrusted.stage().close());

        SpiceTrust trust = SpiceTrust.local().orElseThrow();
        ConsoleWindow trusted = open(bare.withTrust(trust.caPem(), trust.subject()));
        Eventually.until("the guest's screen over TLS", GUEST, () -> onFx(() -> trusted.pane().view().frame() != null),
                () -> message(robot));
        runFx(() -> trusted.stage().close());
    }

    private ConsoleWindow open(dev.vireo.spice.VvFile vv) {
        return onFx(() -> {
            ConsoleWindow w = ConsoleWindow.forFile(vv, new dev.vireo.app.common.FxDialogService(stage),
                    scene -> scene.getStylesheets().add(ManagerWindow.class.getResource("/dev/vireo/app/vireo.css").toExternalForm()));
            w.show();
            return w;
        });
    }

    /**
     * A guest with an agent (the test guest's stand-in for spice-vdagent, see
     * {@link TestBed#withAgent}): the window's size becomes the guest's monitor configuration, the
     * host's clipboard text reaches the guest when the console takes the focus, and the text the
     * guest offers lands in the host's clipboard.
     */
    @Test
    void withAnAgentTheGuestFollowsTheWindowAndSharesTheClipboard(FxRobot robot) throws Exception {
        HostConnection c = startGuest("vireo-console-agent", TestBed::withAgent);
        Eventually.until("the guest ready", GUEST, () -> serial().contains("vireo-testguest: ready"), this::serial);
        VmWindow vmWindow = onFx(() -> window.openConsole(row(guest)));
        Eventually.until("the agent connected", GUEST, () -> !robot.lookup("#console-resize-guest").queryAll().isEmpty()
                && !onFx(() -> robot.lookup("#console-resize-guest").queryAs(javafx.scene.control.ToggleButton.class).isDisabled()),
                () -> "");
        ConsoleView view = robot.lookup("#console-view").queryAs(ConsoleView.class);
        runFx(() -> {
            vmWindow.stage().setWidth(900);
            vmWindow.stage().setHeight(700);
        });
        Eventually.until("the view's size as the guest's monitor", GUEST, () -> {
            int w = onFx(() -> (int) view.getWidth());
            int h = onFx(() -> (int) view.getHeight());
            return serial().contains("vireo-agent monitors 1 " + (w & ~7) + " " + h);
        }, () -> onFx(() -> view.getWidth() + "x" + view.getHeight()) + "\n" + serial());
        Screenshots.window(guest + " on .*", "console-agent");

        String text = "from the host's clipboard " + ProcessHandle.current().pid();
        // copied elsewhere (here: the manager's window has the focus), then back to the console
        runFx(() -> {
            vmWindow.stage().setX(stage.getX() + stage.getWidth() / 2); // the manager's filter field uncovered
            stage.toFront();
        });
        robot.clickOn("#filter-field");
        Eventually.until("the console without the focus", () -> !onFx(view::isFocused),
                () -> onFx(() -> "manager focused " + stage.isFocused() + ", console window focused " + vmWindow.stage().isFocused()));
        runFx(() -> {
            var content = new javafx.scene.input.ClipboardContent();
            content.putString(text);
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
            vmWindow.stage().toFront();
        });
        robot.clickOn("#console-view");
        Eventually.until("the host's text in the guest", GUEST, () -> serial().contains("vireo-agent clipboard " + text),
                this::serial);
        Eventually.until("the guest's text in the host's clipboard", Duration.ofSeconds(30), () -> onFx(() ->
                ("guest:" + text).equals(javafx.scene.input.Clipboard.getSystemClipboard().getString())), () -> "");
        runFx(() -> vmWindow.stage().close());
    }

    private Stage displayWindow() {
        return javafx.stage.Window.getWindows().stream().filter(w -> w instanceof Stage s && s.isShowing()
                && s.getTitle() != null && s.getTitle().endsWith("— Display 2")).map(w -> (Stage) w).findFirst().orElse(null);
    }

    private BufferedImage screen(HostConnection c, int screen) {
        try {
            return ImageIO.read(new ByteArrayInputStream(c.operations().screenshot(vm(c), screen).join().data()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String pointer(FxRobot robot) {
        return onFx(() -> robot.lookup("#console-pointer").queryAs(Label.class).getText());
    }

    private String serial() {
        try {
            return Files.exists(TestBed.serialLog(guest)) ? Files.readString(TestBed.serialLog(guest)) : "";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private VirtualMachine vm(HostConnection c) {
        return c.domains().snapshot().stream().filter(v -> v.name().equals(guest)).findFirst().orElseThrow();
    }

    private dev.vireo.app.vmlist.VmRow row(String name) {
        return window.rowOf(name).orElseThrow();
    }

    private static String message(FxRobot robot) {
        return onFx(() -> robot.lookup("#console-message").queryAs(Label.class).getText());
    }

    /** What the view draws (at 100 % here, so at the guest's size). */
    /**
     * What the view shows: while its bridge draws it on the window (decision 15), what the screen
     * shows there, the window raised first (X has no backing store here: the bridge redraws what
     * becomes exposed); otherwise the frame JavaFX renders.
     */
    private static BufferedImage rendered(ConsoleView view) {
        if (onFx(view::presented)) {
            runFx(() -> ((Stage) view.getScene().getWindow()).toFront());
            org.testfx.util.WaitForAsyncUtils.sleep(300, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        return onFx(() -> {
            if (view.frame() == null || !view.isVisible()) {
                return null;
            }
            var node = view.lookup(".image-view");
            javafx.scene.image.Image snap;
            if (view.presented()) {
                javafx.geometry.Bounds b = node.localToScreen(node.getBoundsInLocal());
                snap = new javafx.scene.robot.Robot().getScreenCapture(null, b.getMinX(), b.getMinY(), b.getWidth(),
                        b.getHeight(), false);
            } else {
                snap = node.snapshot(null, null);
            }
            int w = (int) snap.getWidth();
            int h = (int) snap.getHeight();
            BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            var reader = snap.getPixelReader();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out.setRGB(x, y, reader.getArgb(x, y) & 0xFFFFFF);
                }
            }
            return out;
        });
    }

    private BufferedImage libvirt(HostConnection c) {
        try {
            return ImageIO.read(new ByteArrayInputStream(c.operations().screenshot(vm(c), 0).join().data()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Types US-layout text with the robot's keyboard (key presses, not KEY_TYPED events). */
    private static void type(FxRobot robot, String text) {
        for (char ch : text.toCharArray()) {
            boolean shift = Character.isUpperCase(ch) || ">".indexOf(ch) >= 0;
            KeyCode k = switch (ch) {
                case ' ' -> KeyCode.SPACE;
                case '-' -> KeyCode.MINUS;
                case '/' -> KeyCode.SLASH;
                case '>', '.' -> KeyCode.PERIOD;
                case '\n' -> KeyCode.ENTER;
                default -> Character.isDigit(ch) ? KeyCode.valueOf("DIGIT" + ch)
                        : KeyCode.valueOf(String.valueOf(Character.toUpperCase(ch)));
            };
            if (shift) {
                robot.press(KeyCode.SHIFT);
            }
            robot.type(k);
            if (shift) {
                robot.release(KeyCode.SHIFT);
            }
        }
    }
}
