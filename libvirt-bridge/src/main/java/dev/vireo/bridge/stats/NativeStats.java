package dev.vireo.bridge.stats;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.vireo.bridge.internal.DomainReader;
import dev.vireo.bridge.internal.LibvirtNative;
import dev.vireo.bridge.internal.NativeErrors;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads statistics records through {@code virDomainListGetStats} (the per-domain-list form of
 * {@code virConnectGetAllDomainStats}), and {@code virDomainGetInfo} where the driver's records
 * lack CPU time (libvirt's test driver reports only the state).
 */
final class NativeStats {

    /** One record: the domain's UUID and its typed parameters by name (numbers only). */
    record Record(String uuid, Map<String, Number> values) {
    }

    /** Sizes from libvirt's public headers (x86_64 / LP64). */
    private static final int TYPED_PARAM_SIZE = 96;
    private static final int FIELD_LENGTH = 80;
    private static final int DOMAIN_INFO_SIZE = 40;


    private NativeStats() {
    }

    static List<Record> list(List<Pointer> domains) {
        Memory array = new Memory((long) (domains.size() + 1) * Native.POINTER_SIZE); // NULL-terminated
        for (int i = 0; i < domains.size(); i++) {
            array.setPointer((long) i * Native.POINTER_SIZE, domains.get(i));
        }
        array.setPointer((long) domains.size() * Native.POINTER_SIZE, null);
        PointerByReference ref = new PointerByReference();
        int stats = LibvirtNative.VIR_DOMAIN_STATS_STATE | LibvirtNative.VIR_DOMAIN_STATS_CPU_TOTAL
                | LibvirtNative.VIR_DOMAIN_STATS_BALLOON;
        int count = LibvirtNative.virDomainListGetStats(array, stats, ref, 0);
        if (count < 0) {
            throw NativeErrors.lastError("Could not read statistics");
        }
        Pointer records = ref.getValue();
        try {
            List<Record> result = new java.util.ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Pointer rec = records.getPointer((long) i * Native.POINTER_SIZE);
                result.add(readRecord(rec));
            }
            return result;
        } finally {
            if (records != null) {
                LibvirtNative.virDomainStatsRecordListFree(records);
            }
        }
    }

    private static Record readRecord(Pointer rec) {
        // struct _virDomainStatsRecord { virDomainPtr dom; virTypedParameterPtr params; int nparams; }
        Pointer dom = rec.getPointer(0);
        Pointer params = rec.getPointer(Native.POINTER_SIZE);
        int nparams = rec.getInt(2L * Native.POINTER_SIZE);
        Map<String, Number> values = new HashMap<>();
        for (int i = 0; i < nparams; i++) {
            Pointer p = params.share((long) i * TYPED_PARAM_SIZE);
            String field = p.getString(0, StandardCharsets.US_ASCII.name());
            int type = p.getInt(FIELD_LENGTH);
            long valueOffset = FIELD_LENGTH + 8;
            switch (type) {
                case 1, 2 -> values.put(field, p.getInt(valueOffset));       // INT, UINT
                case 3, 4 -> values.put(field, p.getLong(valueOffset));      // LLONG, ULLONG
                case 5 -> values.put(field, p.getDouble(valueOffset));       // DOUBLE
                case 6 -> values.put(field, (int) p.getByte(valueOffset));   // BOOLEAN
                default -> {
                    // strings are not needed here
                }
            }
        }
        return new Record(DomainReader.uuidOf(dom), values);
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
