package dev.vireo.bridge;

import dev.vireo.bridge.auth.Prompter;
import dev.vireo.bridge.internal.AuthCallback;
import dev.vireo.bridge.internal.Capabilities;
import dev.vireo.bridge.internal.DomainReader;
import dev.vireo.bridge.internal.NativeConnect;
import dev.vireo.bridge.model.HostFacts;
import dev.vireo.bridge.model.VirtualMachine;
import dev.vireo.bridge.observe.DomainList;
import dev.vireo.bridge.observe.Subscription;
import dev.vireo.bridge.observe.Watchable;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.LifecycleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One libvirt connection and everything that lives on it: its own thread (every libvirt call for
 * this host runs there and returns a {@link CompletableFuture}), its status, and the list of its
 * domains, kept current by libvirt lifecycle events rather than by re-listing. Node-device events
 * are passed on to whoever listens.
 */
public final class HostConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HostConnection.class);
    /** How long opening a connection may take before the user is told the host does not answer. */
    public static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);

    private final HostUri uri;
    private final ScheduledThreadPoolExecutor executor;
    private final Watchable<ConnectionStatus> status = new Watchable<>(ConnectionStatus.DISCONNECTED);
    private final DomainList domains = new DomainList();
    private final List<Consumer<LifecycleEvent>> eventListeners = new CopyOnWriteArrayList<>();
    private final Set<String> pendingRefresh = ConcurrentHashMap.newKeySet();
    private final DomainOperations operations = new DomainOperations(this);
    private final Provisioning provisioning = new Provisioning(this);
    private final Gpus gpus = new Gpus(this);
    private final LifecycleListener lifecycleListener = this::onLifecycleEvent;
    private final NodeDeviceListeners nodeDevices;

    // Touched only on the connection thread.
    private NativeConnect connect;
    private DomainReader reader;
    private volatile boolean closed;

    static final int KEEPALIVE_INTERVAL = 3;
    static final int KEEPALIVE_COUNT = 3;
    /** Waits between reconnect attempts: quick at first, then every 30 s. */
    private static final long[] RECONNECT_DELAYS_SECONDS = {1, 2, 4, 8, 15, 30};
    /** Only touched on the connection thread. */
    private int reconnectAttempts;
    private final Prompter prompter;
    private volatile CompletableFuture<Void> opening;
    private volatile AuthCallback lastAuth;
    /** The open timeout: paused while a prompt waits for the user. Guarded by itself. */
    private final OpenDeadline deadline = new OpenDeadline();

    public HostConnection(HostUri uri) {
        this(uri, Prompter.NONE);
    }

    /** A connection whose host's questions (passwords, host keys) are answered by {@code prompter}. */
    public HostConnection(HostUri uri, Prompter prompter) {
        this.uri = uri;
        this.prompter = prompter;
        this.detailsLater = isRemote(uri.uri());
        this.nodeDevices = new NodeDeviceListeners(uri.uri(), () -> closed);
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "libvirt " + uri.displayName());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /**
     * Whether the list is shown from one bulk listing first and each domain's XML is read
     * afterwards. On by default for hosts reached over a network, where five calls per domain
     * before anything shows would keep a slow host "Connecting" for as long as virt-manager does.
     */
    private volatile boolean detailsLater;

    public void setDetailsLater(boolean later) {
        detailsLater = later;
    }

    /** A host reached over a network: a transport other than the local socket, or a host name. */
    static boolean isRemote(String uri) {
        try {
            java.net.URI u = new java.net.URI(uri);
            String scheme = u.getScheme() == null ? "" : u.getScheme();
            int plus = scheme.indexOf('+');
            String transport = plus < 0 ? "" : scheme.substring(plus + 1);
            if (scheme.startsWith("test") || transport.equals("unix") || transport.equals("ext")) {
                return false;
            }
            return !transport.isEmpty() || (u.getHost() != null && !u.getHost().isEmpty());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** Stable identifier of this connection (its URI). */
    public String id() {
        return uri.uri();
    }

    public HostUri uri() {
        return uri;
    }

    public Watchable<ConnectionStatus> status() {
        return status;
    }

    public DomainList domains() {
        return domains;
    }

    public DomainOperations operations() {
        return operations;
    }

    /** Volumes, networks and new domains: what the new-VM wizard needs. */
    public Provisioning provisioning() {
        return provisioning;
    }

    /** The host's graphics cards, their IOMMU groups, vGPU types and users. */
    public Gpus gpus() {
        return gpus;
    }

    /**
     * Opens the connection, registers for lifecycle events and reads every domain once. Fails with
     * a {@link VirtException} when the host refuses or does not answer within {@link #OPEN_TIMEOUT}.
     */
    public CompletableFuture<Void> open() {
        status.set(ConnectionStatus.CONNECTING);
        deadline.start(OPEN_TIMEOUT);
        CompletableFuture<Void> opened = CompletableFuture.runAsync(() -> establish(false), executor);
        opening = opened;
        deadline.failWhenExpired(opened);
        return opened.handle((ok, failure) -> {
            if (failure == null) {
                status.set(ConnectionStatus.CONNECTED);
                return null;
            }
            Throwable cause = VirtException.unwrap(failure);
            VirtException error;
            if (cause instanceof TimeoutException) {
                AuthCallback auth = lastAuth;
                error = new VirtException("Could not connect to " + uri.displayName()
                        + (auth != null && auth.secretsGiven() > 0
                                ? ": the host stopped answering after the password was sent"
                                : ": the host did not answer within " + OPEN_TIMEOUT.toSeconds() + " seconds"), uri.uri());
            } else if (cause instanceof CancellationException) {
                error = VirtException.cancelled("Connecting to " + uri.displayName() + " was cancelled.", uri.uri(), null);
            } else {
                error = VirtException.wrap("Could not connect to " + uri.displayName(), failure);
            }
            status.set(cause instanceof CancellationException ? ConnectionStatus.DISCONNECTED : ConnectionStatus.failed(error));
            if (!(cause instanceof VirtException)) {
                close(); // the thread may still be stuck in libvirt: whatever it opens later is closed
            }
            throw error;
        });
    }

    /**
     * Gives up opening: the returned future fails with "cancelled" at once. A libvirt call that is
     * still waiting for the host cannot be interrupted; whatever it opens later is closed.
     */
    public void cancelOpen() {
        CompletableFuture<Void> o = opening;
        if (o != null && !o.isDone()) {
            o.completeExceptionally(new CancellationException());
        }
    }

    /** Opens the libvirt connection and lists the domains; on reconnects too. */
    private void establish(boolean reconnecting) {
        long started = System.nanoTime();
        LibvirtEventLoop.ensureStarted(); // before the first connection, for its events
        LOG.debug("event loop ready after {} ms", (System.nanoTime() - started) / 1_000_000);
        // Reconnecting by itself, Vireo never pops up a question: a host that asks is left
        // disconnected until the user chooses to reconnect.
        Prompter asking = reconnecting ? prompter.unattended() : prompter;
        AuthCallback auth = new AuthCallback(uri.displayName(), uri.uri(), asking, deadline::waitingForUser);
        lastAuth = auth;
        try {
            NativeConnect c;
            try {
                c = new NativeConnect(uri.uri(), auth);
            } catch (LibvirtException e) {
                if (auth.refusedTooOften()) {
                    throw new VirtException("Could not connect to " + uri.displayName() + ": the host refused the password "
                            + AuthCallback.MAX_ATTEMPTS + " times.", e.getMessage(), e);
                }
                if (auth.cancelled()) {
                    throw VirtException.cancelled("Connecting to " + uri.displayName() + " was cancelled.",
                            e.getMessage(), e);
                }
                if (auth.rejectedHostKey().isPresent()) {
                    var key = auth.rejectedHostKey().get();
                    throw new VirtException("Did not connect to " + uri.displayName() + ": its host key ("
                            + key.fingerprint() + ") was not accepted.", e.getMessage(), e);
                }
                if (auth.secretsGiven() > 0 && e.getError() != null
                        && e.getError().getCode() == org.libvirt.Error.ErrorNumber.VIR_ERR_AUTH_FAILED) {
                    throw new VirtException("Could not connect to " + uri.displayName() + ": the host refused the "
                            + (auth.secretsGiven() == 1 ? "password" : "password (" + auth.secretsGiven() + " attempts)")
                            + ".", e.getMessage(), e);
                }
                throw e;
            }
            LOG.debug("opened {} in {} ms", uri.uri(), (System.nanoTime() - started) / 1_000_000);
            if (closed || !reconnecting && opening != null && opening.isDone()) { // closed, cancelled or timed out meanwhile
                c.close();
                return;
            }
            connect = c;
            reader = new DomainReader(id(), c.pointer());
            c.addLifecycleListener(lifecycleListener);
            nodeDevices.register(c);
            c.registerCloseListener((conn, reason) -> {
                LOG.warn("connection to {} closed: {}", uri.uri(), reason);
                String why = switch (reason) {
                    case EOF -> "The host closed the connection.";
                    case KEEPALIVE -> "The host stopped answering.";
                    case ERROR -> "The connection failed.";
                    default -> "The connection was closed.";
                };
                if (!closed) {
                    executor.execute(() -> connectionLost(c, why));
                }
            });
            if (!uri.uri().startsWith("test:")) {
                // a peer that stops answering is dropped after interval x count = 12 s
                try {
                    c.setKeepAlive(KEEPALIVE_INTERVAL, KEEPALIVE_COUNT);
                } catch (LibvirtException e) {
                    LOG.debug("no keepalive on {}: {}", uri.uri(), e.getMessage());
                }
            }
        } catch (LibvirtException e) {
            throw VirtException.from("Could not connect to " + uri.displayName(), e);
        }
        long listing = System.nanoTime();
        boolean later = detailsLater;
        List<VirtualMachine> all = later ? reader.listSummaries() : reader.listAll();
        LOG.debug("listed {} domains of {} in {} ms{}", all.size(), uri.uri(), (System.nanoTime() - listing) / 1_000_000,
                later ? " (details follow)" : "");
        domains.replaceAll(all);
        if (later) {
            all.forEach(vm -> refresh(vm.uuid())); // each its own task: user operations get in between
        }
    }

    /** Runs {@code call} on this connection's thread. {@code action} names it in error messages. */
    public <T> CompletableFuture<T> call(String action, LibvirtCall<T> call) {
        if (closed) {
            return CompletableFuture.failedFuture(new VirtException(action + ": the connection is closed", uri.uri()));
        }
        return CompletableFuture.supplyAsync(() -> {
            NativeConnect c = connect;
            if (c == null) {
                throw new VirtException(action + ": not connected to " + uri.displayName(), uri.uri());
            }
            try {
                return call.apply(c);
            } catch (LibvirtException e) {
                throw VirtException.from(action, e);
            }
        }, executor);
    }

    /**
     * What the host can run (architecture, KVM or emulation only, machine types, UEFI firmware,
     * video and graphics models, vCPU limit), for q35 where the host has it. Drivers without
     * domain capabilities (the test driver) give the capabilities part only.
     */
    public CompletableFuture<HostFacts> hostFacts() {
        return call("Could not read what " + uri.displayName() + " can run", c -> capabilities(c).facts());
    }

    /** The host's capabilities and domain capabilities (null where the driver has none), and what they say. */
    record HostCapabilities(String capabilities, String domainCapabilities, HostFacts facts) {
    }

    /** Reads both capabilities, for q35 where the host has it. On the connection's thread. */
    static HostCapabilities capabilities(NativeConnect c) throws LibvirtException {
        String caps = c.getCapabilities();
        String arch = HostFacts.hostArch(caps);
        HostFacts basic = HostFacts.parse(caps, arch, null);
        String domain = Capabilities.domain(c.pointer(), arch, basic.hasMachine("q35") ? "q35" : null, basic.domainType());
        return new HostCapabilities(caps, domain, domain == null ? basic : HostFacts.parse(caps, arch, domain));
    }

    /**
     * Runs {@code task} on this connection's thread every {@code period} while connected; for
     * samplers. Failures are logged at debug level: polling never pops up errors.
     */
    public Subscription every(Duration period, Consumer<NativeConnect> task) {
        var future = executor.scheduleWithFixedDelay(whenConnected(task), 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    /**
     * Runs {@code task} once on this connection's thread after {@code delay}, if connected then;
     * failures are logged at debug level, as {@link #every}'s.
     */
    public void after(Duration delay, Consumer<NativeConnect> task) {
        if (closed) {
            return;
        }
        try {
            executor.schedule(whenConnected(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("{} is closing: task dropped", uri.uri());
        }
    }

    /** {@code task} on the connection of the moment, skipped while there is none; failures logged. */
    private Runnable whenConnected(Consumer<NativeConnect> task) {
        return () -> {
            NativeConnect c = connect;
            if (c == null) {
                return;
            }
            try {
                task.accept(c);
            } catch (RuntimeException e) {
                LOG.debug("task on {} failed: {}", uri.uri(), e.getMessage());
            }
        };
    }

    /** The raw lifecycle events of this connection, as they arrive (on the connection thread). */
    public Subscription onLifecycleEvent(Consumer<LifecycleEvent> listener) {
        eventListeners.add(listener);
        return () -> eventListeners.remove(listener);
    }

    /**
     * Node devices created, deleted, defined, undefined or changed on this host, as libvirt reports
     * them, for as long as the subscription is open (across reconnects). Listeners run on libvirt's
     * event-loop thread: keep them short and never call libvirt from them. A host whose driver has
     * no node-device events sends none.
     */
    public Subscription onNodeDeviceEvent(Consumer<NodeDeviceEvent> listener) {
        return nodeDevices.subscribe(listener);
    }

    /** Re-reads one domain and updates the list; called after events and after our own operations. */
    void refresh(String uuid) {
        if (!pendingRefresh.add(uuid)) {
            return;
        }
        executor.execute(() -> {
            pendingRefresh.remove(uuid);
            if (reader == null) {
                return;
            }
            try {
                reader.read(uuid).ifPresentOrElse(domains::put, () -> domains.remove(id() + "/" + uuid));
            } catch (VirtException e) {
                LOG.warn("could not refresh domain {} on {}: {}", uuid, uri.uri(), e.getMessage());
            }
        });
    }

    /** Runs on libvirt's event-loop thread: translate and queue, never call the host from here. */
    private int onLifecycleEvent(Domain domain, DomainEvent event) {
        try {
            String uuid = domain.getUUIDString(); // local: reads the handle, no call to the host
            LifecycleEvent e = new LifecycleEvent(id(), uuid, event.getType().name(), String.valueOf(event.getDetail()));
            LOG.debug("event {}", e);
            if (!closed) {
                executor.execute(() -> eventListeners.forEach(l -> l.accept(e)));
                refresh(uuid);
            }
        } catch (LibvirtException | RuntimeException ex) {
            LOG.warn("could not handle a lifecycle event on {}", uri.uri(), ex);
        }
        return 0;
    }

    /**
     * The link dropped (libvirt's close callback: the daemon died, keepalive gave up, the socket
     * closed). The list stays as it was last seen, marked by the status, and Vireo reconnects by
     * itself with backoff; calls meanwhile fail at once with "not connected".
     */
    private void connectionLost(NativeConnect lost, String reason) {
        if (closed || connect != lost) {
            // a late callback of a connection already given up (libvirt may also report the
            // socket's end after keepalive closed it): the current one is fine
            LOG.debug("ignoring the close of an earlier connection to {}", uri.uri());
            return;
        }
        releaseConnect();
        LOG.info("lost {}: {}", uri.uri(), reason);
        reconnectAttempts = 0;
        scheduleReconnect(reason);
    }

    private void scheduleReconnect(String reason) {
        long delay = RECONNECT_DELAYS_SECONDS[Math.min(reconnectAttempts, RECONNECT_DELAYS_SECONDS.length - 1)];
        reconnectAttempts++;
        status.set(ConnectionStatus.reconnecting(reason + " Reconnecting in " + delay + " s."));
        executor.schedule(this::reconnect, delay, TimeUnit.SECONDS);
    }

    private void reconnect() {
        if (closed || connect != null) {
            return;
        }
        status.set(ConnectionStatus.CONNECTING);
        try {
            establish(true);
            if (connect != null) {
                LOG.info("reconnected to {} after {} attempt(s)", uri.uri(), reconnectAttempts);
                status.set(ConnectionStatus.CONNECTED);
            }
        } catch (VirtException e) {
            LOG.debug("reconnecting to {} failed: {}", uri.uri(), e.getMessage());
            AuthCallback auth = lastAuth;
            if (auth != null && (auth.cancelled() || auth.rejectedHostKey().isPresent())) {
                status.set(ConnectionStatus.lost("The connection was lost, and connecting again needs a password "
                        + "or a decision about the host key: choose Reconnect."));
                return; // no more attempts on our own: each would ask again
            }
            scheduleReconnect(e.userMessage());
        }
    }

    private void releaseConnect() {
        NativeConnect c = connect;
        connect = null;
        reader = null;
        if (c == null) {
            return;
        }
        try {
            c.removeLifecycleListener(lifecycleListener);
        } catch (LibvirtException | RuntimeException e) {
            LOG.debug("could not remove the lifecycle listener of {}", uri.uri(), e);
        }
        nodeDevices.deregister();
        try {
            c.unregisterCloseListener();
        } catch (LibvirtException | RuntimeException e) {
            LOG.debug("could not remove the close listener of {}", uri.uri(), e);
        }
        try {
            c.close();
        } catch (LibvirtException e) {
            LOG.debug("closing {} failed", uri.uri(), e);
        }
    }

    /** Closes the connection; its thread ends once queued work is done. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        cancelOpen(); // an open still waiting on the host ends now, as cancelled
        executor.execute(() -> {
            releaseConnect();
            domains.clear();
            if (status.get().state() != ConnectionState.ERROR) {
                status.set(ConnectionStatus.DISCONNECTED);
            }
        });
        executor.shutdown();
    }

    /** Waits for the connection thread to finish (tests and shutdown). */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        return executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A libvirt call made with this connection's handle. */
    @FunctionalInterface
    public interface LibvirtCall<T> {
        T apply(NativeConnect connect) throws LibvirtException;
    }
}
