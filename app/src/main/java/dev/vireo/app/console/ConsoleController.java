package dev.vireo.app.console;

import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.VirtException;
import dev.vireo.bridge.model.DomainState;
import dev.vireo.bridge.model.VirtualMachine;
import dev.vireo.bridge.observe.Subscription;
import dev.vireo.spice.ConsoleClient;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one VM's console connected: reads where its console is (and its password) from the live
 * definition, starts a bridge process and connects it, follows the VM's state (a shut-off VM shows
 * so, a VM started again is reconnected, a reboot is ridden through by the SPICE session itself),
 * and reports what it is doing. Bridge processes are started off the FX thread; state reaches the
 * window on it.
 */
public final class ConsoleController implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleController.class);

    /** What the window shows above (or instead of) the guest's screen. */
    public enum Phase { CONNECTING, SHOWING, SHUT_OFF, FAILED, PASSWORD, CLOSED }

    public record Status(Phase phase, String text) {
    }

    private final HostConnection connection;
    private final String key;
    /** For a console named by a .vv file: no VM behind it, a fixed address. */
    private final ConsoleEndpoint fixed;
    private final char[] fixedPassword;
    private final java.util.function.Supplier<dev.vireo.app.tunnel.SshTunnels> tunnels;
    private final ConsoleView view;
    private final Consumer<Status> status;
    private final Subscription watch;
    private ConsoleClient client;
    /** The views of the guest's screens: the main one, further displays and monitors. */
    private final Heads heads;
    /** spice-vdagent runs in the guest: its resolution can follow the window, the clipboard is shared. */
    private final javafx.beans.property.BooleanProperty agent = new javafx.beans.property.SimpleBooleanProperty();
    /** The guest's resolution follows the view's size (with an agent). */
    private final javafx.beans.property.BooleanProperty resizeGuest = new javafx.beans.property.SimpleBooleanProperty(true);
    private final javafx.animation.PauseTransition resizeSoon = new javafx.animation.PauseTransition(javafx.util.Duration.millis(400));
    /** The clipboard text last exchanged with the guest, either way: not offered back to it. */
    private String lastClipboard;
    private DomainState lastState;
    private boolean closed;
    private long attempt;

    /**
     * @param key the VM's key in the connection's domain list (connection id / UUID)
     * @param status told on the FX thread
     */
    public ConsoleController(HostConnection connection, String key, ConsoleView view, Consumer<Status> status,
            java.util.function.Supplier<dev.vireo.app.tunnel.SshTunnels> tunnels) {
        this.connection = connection;
        this.key = key;
        this.tunnels = tunnels;
        this.fixed = null;
        this.fixedPassword = null;
        this.view = view;
        this.heads = new Heads(view);
        this.status = status;
        followView();
        this.watch = connection.domains().subscribe((upserted, removed) -> {
            if (removed.contains(key)) {
                Platform.runLater(() -> show(Phase.CLOSED, "The VM was deleted."));
                return;
            }
            upserted.stream().filter(vm -> vm.key().equals(key)).findFirst()
                    .ifPresent(vm -> Platform.runLater(() -> stateChanged(vm)));
        });
    }

    /** A console at a fixed address (a .vv file), with its password and what its TLS port is checked against, or null. */
    public ConsoleController(ConsoleEndpoint endpoint, char[] password, SpiceTrust trust, ConsoleView view, Consumer<Status> status) {
        this.fixedTrust = trust;
        this.connection = null;
        this.key = null;
        this.tunnels = null;
        this.fixed = endpoint;
        this.fixedPassword = password;
        this.view = view;
        this.heads = new Heads(view);
        this.status = status;
        followView();
        this.watch = () -> { };
    }

    /**
     * With an agent in the guest: a resized view asks the guest for its size (once it stops
     * changing), and the view's focus offers the host's clipboard text to the guest.
     */
    private void followView() {
        resizeSoon.setOnFinished(e -> resizeGuestNow());
        javafx.beans.InvalidationListener resized = o -> {
            if (agent.get() && resizeGuest.get()) {
                resizeSoon.playFromStart();
            }
        };
        view.widthProperty().addListener(resized);
        view.heightProperty().addListener(resized);
        heads.onResized(resized);
        resizeGuest.addListener(resized);
        agent.addListener(resized);
        // JavaFX tells of no clipboard change: checked when the console takes the focus or the pointer
        view.focusedProperty().addListener((o, was, now) -> {
            if (now) {
                offerClipboard();
            }
        });
        view.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_ENTERED, e -> offerClipboard());
    }

    /** Asks the guest's agent for the size of the views: the main one's, or each monitor's of a split display. */
    private void resizeGuestNow() {
        if (client == null || !agent.get() || !resizeGuest.get() || view.getWidth() <= 0) {
            return;
        }
        java.util.List<ConsoleClient.Monitor> monitors = heads.viewSizes(0);
        if (monitors.isEmpty()) {
            client.resize(0, (int) view.getWidth(), (int) view.getHeight());
        } else {
            client.resize(monitors);
        }
    }

    /** The host clipboard's text, offered to the guest when it changed since the last exchange (FX thread). */
    private void offerClipboard() {
        if (client == null || !agent.get()) {
            return;
        }
        javafx.scene.input.Clipboard clipboard = javafx.scene.input.Clipboard.getSystemClipboard();
        String text = clipboard.hasString() ? clipboard.getString() : null;
        if (text != null && !text.equals(lastClipboard)) {
            lastClipboard = text;
            client.hostClipboard(text);
        }
    }

    /** Whether spice-vdagent runs in the guest (FX thread). */
    public javafx.beans.property.ReadOnlyBooleanProperty agentProperty() {
        return agent;
    }

    /** Whether the guest's resolution follows the view (with an agent); on by default. */
    public javafx.beans.property.BooleanProperty resizeGuestProperty() {
        return resizeGuest;
    }

    /**
     * Shows the guest's other screens (further displays, further monitors of a multi-head display)
     * through {@code displays}, a view each; without it only the first is shown.
     */
    void setDisplays(Heads.Displays displays) {
        heads.setDisplays(displays);
    }

    /** The view of {@code head} (display 0, monitor 0: the main one), or null. */
    ConsoleView view(Heads.Head head) {
        return heads.view(head);
    }

    /** The screens shown beyond the main view. */
    java.util.Set<Heads.Head> shownHeads() {
        return heads.shown();
    }

    /** The user closed the window of {@code head}: it comes back with its display's next surface. */
    void forget(Heads.Head head) {
        heads.closedByUser(head);
    }

    /** The VM, or null for a console at a fixed address. */
    public VirtualMachine vm() {
        return connection == null ? null : connection.domains().get(key);
    }

    /** Connects (again): the FX thread returns at once. */
    public void connect() {
        connect(null);
    }

    /**
     * Connects with the password the user typed (the console refused the one the domain's XML
     * gave, or the XML did not reveal one); {@code typed} is wiped once sent.
     */
    public void connectWithPassword(char[] typed) {
        connect(typed);
    }

    private void connect(char[] typed) {
        if (fixed != null) {
            long mine = ++attempt;
            stopClient();
            show(Phase.CONNECTING, "Connecting to " + fixed.host() + "…");
            char[] pw = typed != null ? typed : fixedPassword == null ? null : fixedPassword.clone();
            start(mine, fixed, CompletableFuture.completedFuture(java.util.Optional.ofNullable(pw)));
            return;
        }
        VirtualMachine vm = vm();
        if (vm == null) {
            show(Phase.CLOSED, "The VM is gone.");
            return;
        }
        lastState = vm.state();
        if (!vm.active()) {
            show(Phase.SHUT_OFF, vm.name() + " is " + vm.state().label().toLowerCase(java.util.Locale.ROOT) + ".");
            return;
        }
        long mine = ++attempt;
        stopClient();
        show(Phase.CONNECTING, "Connecting to the console of " + vm.name() + "…");
        ConsoleEndpoint endpoint;
        try {
            endpoint = ConsoleEndpoint.of(vm, connection.uri().uri());
        } catch (VirtException e) {
            show(Phase.FAILED, e.userMessage());
            return;
        }
        start(mine, endpoint, typed != null ? CompletableFuture.completedFuture(java.util.Optional.of(typed))
                : connection.operations().spicePassword(vm).exceptionally(e -> {
                    // a read-only connection may not see it: the console then asks the user
                    LOG.info("could not read the console password of {}: {}", vm.name(), VirtException.unwrap(e).getMessage());
                    return java.util.Optional.empty();
                }));
    }

    /** Whether the last connection has a TLS port but no CA to check it with. */
    private volatile boolean untrustedTls;

    /** Whether the last connection sent a password (from the XML or typed). */
    private volatile boolean sentPassword;

    private void start(long mine, ConsoleEndpoint endpoint, CompletableFuture<java.util.Optional<char[]>> passwordLater) {
        passwordLater.thenCompose(password -> CompletableFuture.supplyAsync(() -> {
            try {
                ConsoleEndpoint direct = endpoint.viaSsh() ? endpoint.through(tunnels.get(), connection.uri().uri()) : endpoint;
                ConsoleClient c = ConsoleClient.start(listener(mine));
                java.util.Optional<SpiceTrust> trust = direct.tlsPort() > 0 ? trust(endpoint) : java.util.Optional.empty();
                untrustedTls = direct.tlsPort() > 0 && trust.isEmpty();
                trust.ifPresent(t -> c.trust(t.caPem(), t.subject()));
                if (untrustedTls) {
                    LOG.info("no SPICE CA certificate found for the console of {}: its TLS channels cannot be checked", key);
                }
                sentPassword = password.isPresent();
                c.connect(direct.host(), direct.port(), direct.tlsPort(), password.orElse(null), true);
                password.ifPresent(p -> Arrays.fill(p, '\0'));
                return c;
            } catch (IOException e) {
                throw new VirtException("Could not start the console: " + e.getMessage(), e.toString(), e);
            }
        })).whenComplete((c, failure) -> Platform.runLater(() -> {
            if (failure != null) {
                VirtException e = VirtException.wrap("Could not open the console", failure);
                LOG.info("{} ({})", e.userMessage(), e.details());
                if (mine == attempt) {
                    show(Phase.FAILED, e.userMessage());
                }
                return;
            }
            if (mine != attempt || closed) {
                c.close(); // superseded
                return;
            }
            client = c;
            heads.setClient(c);
        }));
    }

    /** A .vv file's CA and subject, or null. */
    private SpiceTrust fixedTrust;

    /** The host's SPICE certificates, for its TLS channels (a .vv file's own). */
    private java.util.Optional<SpiceTrust> trust(ConsoleEndpoint endpoint) {
        return connection == null ? java.util.Optional.ofNullable(fixedTrust)
                : SpiceTrust.forHost(connection.uri().uri(), endpoint.viaSsh(), tunnels);
    }

    private ConsoleClient.Listener listener(long mine) {
        return new ConsoleClient.Listener() {
            @Override
            public void state(ConsoleClient.State state, String text) {
                Platform.runLater(() -> {
                    if (mine != attempt) {
                        return;
                    }
                    switch (state) {
                        case CONNECTED -> show(Phase.CONNECTING, "Connected; waiting for the picture…");
                        case AUTH_FAILED -> show(Phase.PASSWORD, sentPassword
                                ? "The console refused the password. Type the console's password:"
                                : "The console asks for a password:");
                        case DISCONNECTED, ERROR -> {
                            VirtualMachine vm = vm();
                            if (vm != null && !vm.active()) {
                                show(Phase.SHUT_OFF, vm.name() + " is " + vm.state().label().toLowerCase(java.util.Locale.ROOT) + ".");
                            } else if (untrustedTls && text.contains("TLS")) {
                                show(Phase.FAILED, capital(text) + ": Vireo found no SPICE CA certificate for this host to check"
                                        + " the console's certificate with (libvirt's spice_tls_x509_cert_dir, by default"
                                        + " /etc/pki/libvirt-spice, readable here or over SSH).");
                            } else {
                                show(Phase.FAILED, capital(text) + ".");
                            }
                        }
                        default -> { }
                    }
                });
            }

            @Override
            public void surface(ConsoleClient.Frame frame) {
                heads.surface(frame);
                onFx(mine, () -> {
                    heads.surfaceShown(frame.display());
                    if (frame.display() == 0) {
                        show(Phase.SHOWING, size(frame));
                    }
                });
            }

            @Override
            public void dirty(int display, int x, int y, int width, int height) {
                heads.dirty(display, x, y, width, height);
            }

            @Override
            public void surfaceGone(int display) {
                onFx(mine, () -> heads.surfaceGone(display));
            }

            @Override
            public void monitors(int display, java.util.List<ConsoleClient.Monitor> monitors) {
                onFx(mine, () -> {
                    heads.monitors(display, monitors);
                    if (display == 0 && view.frame() != null) {
                        show(Phase.SHOWING, size(view.frame()));
                    }
                });
            }

            @Override
            public void mouseMode(boolean server) {
                onFx(mine, () -> heads.setServerMouse(server));
            }

            @Override
            public void cursor(ConsoleClient.Cursor cursor) {
                onFx(mine, () -> heads.all(v -> v.setGuestCursor(cursor)));
            }

            @Override
            public void cursorHidden() {
                onFx(mine, () -> heads.all(ConsoleView::hideGuestCursor));
            }

            @Override
            public void cursorMoved(int x, int y) {
                onFx(mine, () -> heads.of(0, v -> v.guestCursorAt(x, y)));
            }

            @Override
            public void agent(boolean connected) {
                LOG.debug("console of {}: guest agent {}", key, connected ? "connected" : "not connected");
                onFx(mine, () -> {
                    agent.set(connected);
                    heads.setAgentMouse(connected);
                    if (connected && view.isFocused()) {
                        offerClipboard();
                    }
                });
            }

            @Override
            public void guestClipboard(String text) {
                onFx(mine, () -> {
                    lastClipboard = text;
                    var content = new javafx.scene.input.ClipboardContent();
                    content.putString(text);
                    javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
                });
            }

            @Override
            public void audio() {
                LOG.debug("console of {}: the guest's sound plays here", key);
            }

            @Override
            public void presenting(int viewId) {
                onFx(mine, () -> heads.all(v -> v.presentation(viewId, true, "")));
            }

            @Override
            public void presentEnded(int viewId, String why) {
                onFx(mine, () -> heads.all(v -> v.presentation(viewId, false, why)));
            }
        };
    }

    /** What the main view shows: the surface's size, or its monitor's and which monitor it is. */
    private String size(ConsoleClient.Frame frame) {
        ConsoleClient.Monitor m = view.area();
        if (m == null) {
            return frame.width() + " × " + frame.height();
        }
        return m.width() + " × " + m.height() + ", monitor 1 of " + heads.monitorsOf(0) + " (the others in windows of their own)";
    }

    /** Runs {@code r} on the FX thread unless a newer connection attempt replaced {@code mine}. */
    private void onFx(long mine, Runnable r) {
        Platform.runLater(() -> {
            if (mine == attempt && !closed) {
                r.run();
            }
        });
    }

    private void stateChanged(VirtualMachine vm) {
        DomainState before = lastState;
        lastState = vm.state();
        if (closed || before == vm.state()) {
            return;
        }
        if (!vm.active()) {
            stopClient();
            view.clear();
            show(Phase.SHUT_OFF, vm.name() + " is " + vm.state().label().toLowerCase(java.util.Locale.ROOT) + ".");
        } else if (before != null && !isActive(before)) {
            connect(); // started again: its console has a new port
        }
    }

    private static boolean isActive(DomainState s) {
        return s == DomainState.RUNNING || s == DomainState.PAUSED || s == DomainState.BLOCKED
                || s == DomainState.PMSUSPENDED || s == DomainState.SHUTDOWN;
    }

    /** The bridge process of the console now, if any (tests kill it). */
    public ConsoleClient client() {
        return client;
    }

    private void stopClient() {
        heads.setClient(null);
        heads.closeAll();
        heads.setAgentMouse(false);
        agent.set(false);
        resizeSoon.stop();
        if (client != null) {
            ConsoleClient c = client;
            client = null;
            CompletableFuture.runAsync(c::close);
        }
    }

    private void show(Phase phase, String text) {
        if (!closed || phase == Phase.CLOSED) {
            status.accept(new Status(phase, text));
        }
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    @Override
    public void close() {
        closed = true;
        if (fixedPassword != null) {
            Arrays.fill(fixedPassword, '\0');
        }
        attempt++;
        watch.close();
        stopClient();
    }
}
