package dev.vireo.bridge;

import com.sun.jna.Pointer;
import dev.vireo.bridge.internal.LibvirtNative;
import dev.vireo.bridge.internal.NativeConnect;
import dev.vireo.bridge.internal.NativeErrors;

/**
 * The node-device calls that change a host: a persistent mediated device, a PCI device taken from
 * its host driver and given back, a reset. Run on the connection's thread. An interface because
 * neither libvirt's test driver nor a machine without an IOMMU can run them: tests of what Vireo
 * asks for use a recording stand-in there, and say so.
 */
interface NodeDeviceCalls {

    /** Defines, starts and autostarts the node device {@code xml} describes; its name. */
    String defineAndStart(NativeConnect c, String xml, String what);

    void detach(NativeConnect c, String nodeDevice, String what);

    void reattach(NativeConnect c, String nodeDevice, String what);

    void reset(NativeConnect c, String nodeDevice, String what);

    /** Stops and undefines a (mediated) node device. */
    void remove(NativeConnect c, String nodeDevice, String what);

    /** libvirt's own calls. */
    NodeDeviceCalls LIBVIRT = new NodeDeviceCalls() {
        @Override
        public String defineAndStart(NativeConnect c, String xml, String what) {
            Pointer dev = LibvirtNative.virNodeDeviceDefineXML(c.pointer(), xml, 0);
            if (dev == null) {
                throw NativeErrors.lastError(what);
            }
            try {
                if (LibvirtNative.virNodeDeviceCreate(dev, 0) < 0) {
                    VirtException e = NativeErrors.lastError(what);
                    LibvirtNative.virNodeDeviceUndefine(dev, 0); // nothing left behind
                    throw e;
                }
                if (LibvirtNative.virNodeDeviceSetAutostart(dev, 1) < 0) {
                    NativeErrors.lastError(what); // started; autostart is a nicety some hosts lack
                }
                return LibvirtNative.virNodeDeviceGetName(dev);
            } finally {
                LibvirtNative.virNodeDeviceFree(dev);
            }
        }

        @Override
        public void detach(NativeConnect c, String nodeDevice, String what) {
            withDevice(c, nodeDevice, what, dev -> LibvirtNative.virNodeDeviceDetachFlags(dev, "vfio", 0));
        }

        @Override
        public void reattach(NativeConnect c, String nodeDevice, String what) {
            withDevice(c, nodeDevice, what, LibvirtNative::virNodeDeviceReAttach);
        }

        @Override
        public void reset(NativeConnect c, String nodeDevice, String what) {
            withDevice(c, nodeDevice, what, LibvirtNative::virNodeDeviceReset);
        }

        @Override
        public void remove(NativeConnect c, String nodeDevice, String what) {
            withDevice(c, nodeDevice, what, dev -> {
                int r = LibvirtNative.virNodeDeviceDestroy(dev);
                return r < 0 ? r : LibvirtNative.virNodeDeviceUndefine(dev, 0);
            });
        }

        private void withDevice(NativeConnect c, String name, String what, java.util.function.ToIntFunction<Pointer> call) {
            Pointer dev = LibvirtNative.virNodeDeviceLookupByName(c.pointer(), name);
            if (dev == null) {
                throw NativeErrors.lastError(what);
            }
            try {
                if (call.applyAsInt(dev) < 0) {
                    throw NativeErrors.lastError(what);
                }
            } finally {
                LibvirtNative.virNodeDeviceFree(dev);
            }
        }
    };
}
