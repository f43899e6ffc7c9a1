package dev.vireo.bridge.internal;

import com.sun.jna.Pointer;
import dev.vireo.bridge.NodeDeviceEvent;
import dev.vireo.bridge.VirtException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libvirt's node-device events for every device of a connection, which libvirt-java 0.5.2 lacks:
 * lifecycle (created, deleted, defined, undefined) and update. One instance per
 * {@code HostConnection}, registered on each libvirt connection it opens. It holds its two JNA
 * callbacks in fields for as long as it lives: libvirt keeps their function pointers, and a
 * collected callback would crash the process.
 *
 * <p>The callbacks run on libvirt's event-loop thread. They read the device's name from the handle
 * (no call to the host; libvirt owns the handle and frees it afterwards) and hand the event on.
 */
public final class NodeDeviceEvents {

    private static final Logger LOG = LoggerFactory.getLogger(NodeDeviceEvents.class);

    private final Consumer<NodeDeviceEvent> sink;
    private final LibvirtNative.NodeDeviceLifecycleCallback lifecycle = this::lifecycle;
    private final LibvirtNative.NodeDeviceUpdateCallback update = this::update;

    /** {@code sink} is called on libvirt's event-loop thread. */
    public NodeDeviceEvents(Consumer<NodeDeviceEvent> sink) {
        this.sink = sink;
    }

    /**
     * Registers both callbacks on {@code conn}, for all its devices. Fails with a
     * {@link VirtException} where the driver has no node-device events; nothing stays registered
     * then. On the connection's thread.
     */
    public Registration register(Pointer conn) {
        int lifecycleId = LibvirtNative.virConnectNodeDeviceEventRegisterAny(conn, null,
                LibvirtNative.VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE, lifecycle, null, null);
        if (lifecycleId < 0) {
            throw NativeErrors.lastError("Could not register for node-device events");
        }
        int updateId = LibvirtNative.virConnectNodeDeviceEventRegisterAny(conn, null,
                LibvirtNative.VIR_NODE_DEVICE_EVENT_ID_UPDATE, update, null, null);
        if (updateId < 0) {
            VirtException e = NativeErrors.lastError("Could not register for node-device update events");
            LibvirtNative.virConnectNodeDeviceEventDeregisterAny(conn, lifecycleId);
            throw e;
        }
        return new Registration(conn, lifecycleId, updateId);
    }

    /** The two callbacks registered on one libvirt connection. */
    public record Registration(Pointer conn, int lifecycleId, int updateId) {

        /** Deregisters both, before the connection is closed. On the connection's thread. */
        public void deregister() {
            int a = LibvirtNative.virConnectNodeDeviceEventDeregisterAny(conn, lifecycleId);
            int b = LibvirtNative.virConnectNodeDeviceEventDeregisterAny(conn, updateId);
            if (a < 0 || b < 0) {
                throw NativeErrors.lastError("Could not deregister the node-device events");
            }
        }
    }

    private void lifecycle(Pointer conn, Pointer dev, int event, int detail, Pointer opaque) {
        deliver(dev, NodeDeviceEvent.Kind.ofLifecycle(event));
    }

    private void update(Pointer conn, Pointer dev, Pointer opaque) {
        deliver(dev, NodeDeviceEvent.Kind.UPDATED);
    }

    /** Nothing may leave a JNA callback: whatever goes wrong is logged here. */
    private void deliver(Pointer dev, NodeDeviceEvent.Kind kind) {
        try {
            String name = LibvirtNative.virNodeDeviceGetName(dev);
            if (name != null) {
                sink.accept(new NodeDeviceEvent(name, kind));
            }
        } catch (RuntimeException e) {
            LOG.warn("could not handle a node-device event", e);
        }
    }
}
