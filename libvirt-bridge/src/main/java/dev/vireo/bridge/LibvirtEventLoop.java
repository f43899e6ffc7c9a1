package dev.vireo.bridge;

import dev.vireo.bridge.internal.PollEventLoop;
import java.util.concurrent.atomic.AtomicBoolean;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.jna.Libvirt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libvirt's process-wide set-up: an event loop on one daemon thread (our own: see
 * {@link PollEventLoop} for why not libvirt's default) and a quiet error handler. libvirt's event
 * implementation is process-wide, so this guards against registering it twice; it must be
 * started before the first connection is opened for that connection to receive events.
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

    /**
     * Registers Vireo's event loop with libvirt and starts its thread, once per process. Returns
     * when it runs; a connection's own thread calls it before opening (loading libvirt through
     * JNA takes ~0.1 s, better spent beside the window's start than before it).
     */
    public static synchronized void ensureStarted() {
        if (STARTED.get()) {
            return;
        }
        STARTED.set(true);
        try {
            Connect.setErrorCallback(QUIET_ERRORS);
        } catch (LibvirtException e) {
            LOG.debug("could not replace libvirt's default error handler", e);
        }
        PollEventLoop.start("libvirt-event-loop");
    }
}
