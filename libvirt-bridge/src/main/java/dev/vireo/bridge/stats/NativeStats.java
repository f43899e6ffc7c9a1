package dev.vireo.bridge.stats;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.vireo.bridge.internal.LibvirtNative;
import dev.vireo.bridge.internal.NativeErrors;
import dev.vireo.bridge.internal.StatsRecords;
import java.util.List;

/**
 * Reads statistics records through {@code virDomainListGetStats} (the per-domain-list form of
 * {@code virConnectGetAllDomainStats}), and {@code virDomainGetInfo} where the driver's records
 * lack CPU time (libvirt's test driver reports only the state).
 */
final class NativeStats {

    /** Sizes from libvirt's public headers (x86_64 / LP64). */
    private static final int DOMAIN_INFO_SIZE = 40;

    private NativeStats() {
    }

    static List<StatsRecords.Record> list(List<Pointer> domains) {
        return StatsRecords.list(domains, StatsRecords.STATE | StatsRecords.CPU_TOTAL | StatsRecords.BALLOON);
    }

    /** The fallback: memory (KiB), vCPU count and cumulative CPU time (ns) of one domain. */
    static long[] info(Pointer domain) {
        Memory info = new Memory(DOMAIN_INFO_SIZE);
        if (LibvirtNative.virDomainGetInfo(domain, info) < 0) {
            throw NativeErrors.lastError("Could not read a virtual machine's statistics");
        }
        // struct { unsigned char state; unsigned long maxMem; unsigned long memory;
        //          unsigned short nrVirtCpu; unsigned long long cpuTime; }
        return new long[] {info.getLong(16), info.getShort(24) & 0xffff, info.getLong(32)};
    }
}
