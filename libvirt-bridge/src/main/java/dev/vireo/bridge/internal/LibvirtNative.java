package dev.vireo.bridge.internal;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * JNA bindings for the libvirt calls that libvirt-java 0.5.2 lacks: listing every domain in one
 * call, the domain state with PM-suspended, bulk statistics, node devices and their events.
 * Direct mapping (static native methods), because listing a large host makes tens of thousands of
 * these calls and JNA's interface proxies cost several microseconds each. Handles are raw
 * pointers; callers free them.
 */
public final class LibvirtNative {

    static {
        Native.register("virt");
    }

    public static final int VIR_DOMAIN_STATS_STATE = 1;
    public static final int VIR_DOMAIN_STATS_CPU_TOTAL = 2;
    public static final int VIR_DOMAIN_STATS_BALLOON = 4;

    private LibvirtNative() {
    }

    public static native int virConnectListAllDomains(Pointer conn, PointerByReference domains, int flags);

    public static native int virDomainGetState(Pointer domain, IntByReference state, IntByReference reason, int flags);

    public static native Pointer virDomainGetXMLDesc(Pointer domain, int flags);

    public static native int virDomainGetUUIDString(Pointer domain, byte[] buf);

    public static native int virDomainIsActive(Pointer domain);

    public static native int virDomainIsPersistent(Pointer domain);

    public static native int virDomainHasManagedSaveImage(Pointer domain, int flags);

    public static native int virDomainGetInfo(Pointer domain, Pointer info);

    public static native Pointer virDomainLookupByUUIDString(Pointer conn, String uuid);

    public static native int virDomainFree(Pointer domain);

    /** virDomainDefineXMLFlags; {@code xml} NUL-terminated UTF-8. Null on error. */
    public static native Pointer virDomainDefineXMLFlags(Pointer conn, byte[] xml, int flags);

    /** Check the XML against libvirt's schema before defining it. */
    public static final int VIR_DOMAIN_DEFINE_VALIDATE = 1;

    /** The domain capabilities XML (free with Native.free); null on error. */
    public static native Pointer virConnectGetDomainCapabilities(Pointer conn, String emulatorbin, String arch,
            String machine, String virttype, int flags);

    /** virNodeDeviceDefineXML (libvirt 7.3): a persistent node device, such as a mediated device. Null on error. */
    public static native Pointer virNodeDeviceDefineXML(Pointer conn, String xml, int flags);

    /** virNodeDeviceCreate (libvirt 7.3): starts a defined node device. */
    public static native int virNodeDeviceCreate(Pointer dev, int flags);

    /** virNodeDeviceSetAutostart (libvirt 7.8): started with the host. */
    public static native int virNodeDeviceSetAutostart(Pointer dev, int autostart);

    public static native int virNodeDeviceUndefine(Pointer dev, int flags);

    public static native int virNodeDeviceDestroy(Pointer dev);

    public static native Pointer virNodeDeviceLookupByName(Pointer conn, String name);

    public static native String virNodeDeviceGetName(Pointer dev);

    /** virNodeDeviceDetachFlags: takes a PCI device from its host driver and binds {@code driverName} (vfio). */
    public static native int virNodeDeviceDetachFlags(Pointer dev, String driverName, int flags);

    public static native int virNodeDeviceReAttach(Pointer dev);

    public static native int virNodeDeviceReset(Pointer dev);

    public static native int virNodeDeviceFree(Pointer dev);

    /** The name kept in the handle: no call to the host. */
    public static native String virDomainGetName(Pointer domain);

    // ---- node-device events (libvirt 2.2)

    /** VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE: created, deleted, defined, undefined. */
    public static final int VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE = 0;
    /** VIR_NODE_DEVICE_EVENT_ID_UPDATE: the device's details changed. */
    public static final int VIR_NODE_DEVICE_EVENT_ID_UPDATE = 1;

    /** virConnectNodeDeviceEventLifecycleCallback. {@code dev} belongs to libvirt: never freed here. */
    public interface NodeDeviceLifecycleCallback extends Callback {
        void invoke(Pointer conn, Pointer dev, int event, int detail, Pointer opaque);
    }

    /** virConnectNodeDeviceEventGenericCallback, as the update event calls it. */
    public interface NodeDeviceUpdateCallback extends Callback {
        void invoke(Pointer conn, Pointer dev, Pointer opaque);
    }

    /**
     * {@code dev} null: every device of the connection. The callback's function pointer stays with
     * libvirt until deregistered, so the caller keeps {@code cb} strongly referenced until then.
     * The callback id, or -1.
     */
    public static native int virConnectNodeDeviceEventRegisterAny(Pointer conn, Pointer dev, int eventID, Callback cb,
            Pointer opaque, Pointer freecb);

    public static native int virConnectNodeDeviceEventDeregisterAny(Pointer conn, int callbackID);

    /** virConnectListAllDomains filters. */
    public static final int LIST_ACTIVE = 1;
    public static final int LIST_PERSISTENT = 4;
    public static final int LIST_MANAGEDSAVE = 256;

    /** {@code domains} is a NULL-terminated array of virDomainPtr in native memory. */
    public static native int virDomainListGetStats(Pointer domains, int stats, PointerByReference records, int flags);

    public static native void virDomainStatsRecordListFree(Pointer records);

    // ---- uploading a file into a storage volume (libvirt-java has no virStorageVolUpload)

    /** {@code path} NUL-terminated UTF-8. Null on error. */
    public static native Pointer virStorageVolLookupByPath(Pointer conn, byte[] path);

    public static native int virStorageVolFree(Pointer vol);

    public static native Pointer virStreamNew(Pointer conn, int flags);

    public static native int virStorageVolUpload(Pointer vol, Pointer stream, long offset, long length, int flags);

    /** Sends up to {@code nbytes} of {@code data}; returns how many were sent, or -1. */
    public static native int virStreamSend(Pointer stream, byte[] data, long nbytes);

    public static native int virStreamFinish(Pointer stream);

    public static native int virStreamAbort(Pointer stream);

    public static native int virStreamFree(Pointer stream);
}
