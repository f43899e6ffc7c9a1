package dev.vireo.bridge.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * JNA bindings for the libvirt calls that libvirt-java 0.5.2 lacks: listing every domain in one
 * call, the domain state with PM-suspended, and bulk statistics. Handles are raw pointers; the
 * callers in this package free what they get.
 */
public interface LibvirtNative extends Library {

    LibvirtNative INSTANCE = Native.load("virt", LibvirtNative.class);

    int VIR_CONNECT_LIST_DOMAINS_ACTIVE = 1;
    int VIR_CONNECT_LIST_DOMAINS_INACTIVE = 2;

    int VIR_DOMAIN_STATS_STATE = 1;
    int VIR_DOMAIN_STATS_CPU_TOTAL = 2;
    int VIR_DOMAIN_STATS_BALLOON = 4;

    int virConnectListAllDomains(Pointer conn, PointerByReference domains, int flags);

    int virDomainGetState(Pointer domain, IntByReference state, IntByReference reason, int flags);

    Pointer virDomainGetXMLDesc(Pointer domain, int flags);

    int virDomainGetUUIDString(Pointer domain, byte[] buf);

    int virDomainIsActive(Pointer domain);

    int virDomainIsPersistent(Pointer domain);

    int virDomainHasManagedSaveImage(Pointer domain, int flags);

    int virDomainGetInfo(Pointer domain, Pointer info);

    Pointer virDomainLookupByUUIDString(Pointer conn, String uuid);

    int virDomainFree(Pointer domain);

    int virDomainListGetStats(Pointer[] domains, int stats, PointerByReference records, int flags);

    void virDomainStatsRecordListFree(Pointer records);
}
