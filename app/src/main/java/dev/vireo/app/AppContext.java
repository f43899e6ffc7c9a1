package dev.vireo.app;

import dev.vireo.app.connections.ConnectionManager;
import dev.vireo.app.connections.SavedConnections;
import dev.vireo.app.prefs.Settings;
import dev.vireo.bridge.DemoHost;
import dev.vireo.bridge.auth.Keyring;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Everything the GUI is wired from, built once at start-up (off the FX thread) and handed to the
 * views by constructor. No static singletons.
 */
public final class AppContext implements AutoCloseable {

    private final XdgDirs dirs;
    private final Settings settings;
    private final DemoHost demoHost;
    private final ConnectionManager connections;
    private final SavedConnections saved;
    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vireo-io");
        t.setDaemon(true);
        return t;
    });

    public AppContext(XdgDirs dirs) {
        this.dirs = dirs;
        this.settings = Settings.load(dirs.config());
        this.demoHost = new DemoHost(dirs.cache());
        this.connections = new ConnectionManager(demoHost);
        this.saved = SavedConnections.load(dirs.config());
    }

    public XdgDirs dirs() {
        return dirs;
    }

    public Settings settings() {
        return settings;
    }

    public ConnectionManager connections() {
        return connections;
    }

    /** The saved connections; read at start, changed and saved on the I/O thread only. */
    public SavedConnections saved() {
        return saved;
    }

    public DemoHost demoHost() {
        return demoHost;
    }

    private volatile Optional<Keyring> keyring;

    /** The desktop keyring, when libsecret is installed; opened on first use (never on the FX thread). */
    private dev.vireo.app.tunnel.SshTunnels tunnels;

    /** The SSH sessions consoles of SSH hosts go through (one per host), made when first needed. Not on the FX thread. */
    public synchronized dev.vireo.app.tunnel.SshTunnels tunnels() {
        if (tunnels == null) {
            try {
                tunnels = new dev.vireo.app.tunnel.SshTunnels(connections.prompter());
            } catch (java.io.IOException e) {
                throw new dev.vireo.bridge.VirtException("Could not prepare SSH tunnels: " + e.getMessage(), e.toString(), e);
            }
        }
        return tunnels;
    }

    public Optional<Keyring> keyring() {
        Optional<Keyring> k = keyring;
        if (k == null) {
            synchronized (this) {
                if (keyring == null) {
                    keyring = Keyring.open();
                }
                k = keyring;
            }
        }
        return k;
    }

    /** Saves the settings on the I/O thread. */
    /** Runs file work (saving the connections, checking for a local daemon) on the I/O thread. */
    public <T> java.util.concurrent.CompletableFuture<T> io(java.util.function.Supplier<T> work) {
        return java.util.concurrent.CompletableFuture.supplyAsync(work, io);
    }

    public void saveSettings() {
        try {
            io.execute(settings::save);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            org.slf4j.LoggerFactory.getLogger(AppContext.class).warn("settings not saved: Vireo is shutting down");
        }
    }

    /** Closes every connection and waits for pending settings writes; calling it again does nothing. */
    @Override
    public void close() {
        synchronized (this) {
            if (tunnels != null) {
                tunnels.close();
            }
        }
        connections.close();
        io.shutdown();
        try {
            io.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
