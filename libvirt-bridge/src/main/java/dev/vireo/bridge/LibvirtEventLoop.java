package dev.vireo.bridge;

import java.util.concurrent.atomic.AtomicBoolean;
import org.libvirt.Connect;
import org.libvirt.Library;
import org.libvirt.LibvirtException;
import org.libvirt.jna.Libvirt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libvirt's process-wide set-up: its default event loop, run on one daemon thread, and a quiet
 * error handler. libvirt's event implementation is
 * process-wide, so this guards against registering it twice; it must be started before the first
 * connection is opened for that connection to receive lifecycle events.
 */
public final class LibvirtEventLoop {

    private static final Logger LOG = LoggerFactory.getLogger(LibvirtEventLoop.class);
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    /**
     * Replaces libvirt's default error handler, which prints every error on stderr ("libvirt:
     * XML-RPC error : ..."); errors reach users through {@link VirtException} instead. Held in a
     * field: a collected JNA callback would crash the process.
     */
    private static final Libvirt.VirErrorCallback QUIET_ERRORS = (userData, error) -> { };

    private LibvirtEventLoop() {
    }

    /** Registers libvirt's default event implementation and starts its thread, once per process. */
    public static void ensureStarted() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        try {
            Connect.setErrorCallback(QUIET_ERRORS);
            Library.initEventLoop();
        } catch (LibvirtException e) {
            STARTED.set(false);
            throw VirtException.from("Could not start libvirt's event loop", e);
        }
        Thread thread = new Thread(LibvirtEventLoop::run, "libvirt-event-loop");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run() {
        while (true) {
            try {
                Library.runEventLoop();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (LibvirtException | RuntimeException e) {
                // One failed iteration must not end event delivery for every connection.
                LOG.warn("libvirt event loop iteration failed; continuing", e);
            }
        }
    }
}
