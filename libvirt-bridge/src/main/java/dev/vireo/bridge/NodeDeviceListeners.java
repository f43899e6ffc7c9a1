package dev.vireo.bridge;

import dev.vireo.bridge.internal.NativeConnect;
import dev.vireo.bridge.internal.NodeDeviceEvents;
import dev.vireo.bridge.observe.Subscription;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's node-device events and who listens to them: the listeners stay across
 * reconnects, libvirt's callbacks are registered on each libvirt connection and deregistered
 * before it closes. A driver without node-device events sends none and fails nothing.
 */
final class NodeDeviceListeners {

    private static final Logger LOG = LoggerFactory.getLogger(NodeDeviceListeners.class);

    private final String uri;
    private final BooleanSupplier closed;
    private final List<Consumer<NodeDeviceEvent>> listeners = new CopyOnWriteArrayList<>();
    /** Holds libvirt's callbacks for as long as the connection lives (JNA: never collected). */
    private final NodeDeviceEvents events = new NodeDeviceEvents(this::deliver);
    // Touched only on the connection thread.
    private NodeDeviceEvents.Registration registration;

    NodeDeviceListeners(String uri, BooleanSupplier closed) {
        this.uri = uri;
        this.closed = closed;
    }

    Subscription subscribe(Consumer<NodeDeviceEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Once per libvirt connection, on the connection thread. */
    void register(NativeConnect c) {
        try {
            registration = events.register(c.pointer());
        } catch (VirtException e) {
            LOG.debug("no node-device events on {}: {}", uri, e.details());
        }
    }

    /** Before the libvirt connection closes, on the connection thread. */
    void deregister() {
        NodeDeviceEvents.Registration r = registration;
        registration = null;
        if (r != null) {
            try {
                r.deregister();
            } catch (RuntimeException e) {
                LOG.debug("could not remove the node-device callbacks of {}", uri, e);
            }
        }
    }

    /** Runs on libvirt's event-loop thread. */
    private void deliver(NodeDeviceEvent e) {
        LOG.debug("node-device event {} on {}", e, uri);
        if (closed.getAsBoolean()) {
            return;
        }
        for (Consumer<NodeDeviceEvent> listener : listeners) {
            try {
                listener.accept(e);
            } catch (RuntimeException ex) {
                LOG.warn("a node-device listener of {} failed", uri, ex);
            }
        }
    }
}
