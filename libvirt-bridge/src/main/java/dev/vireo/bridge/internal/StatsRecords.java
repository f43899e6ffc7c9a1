package dev.vireo.bridge.internal;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code virDomainListGetStats} (the per-domain-list form of {@code virConnectGetAllDomainStats}):
 * one call, one round trip, for any number of domains. Must run on the connection's thread.
 */
public final class StatsRecords {

    /** One record: the domain's UUID and its typed parameters by name (numbers only). */
    public record Record(String uuid, Map<String, Number> values) {
    }

    public static final int STATE = 1;
    public static final int CPU_TOTAL = 2;
    public static final int BALLOON = 4;
    public static final int VCPU = 8;

    /** Sizes from libvirt's public headers (x86_64 / LP64). */
    private static final int TYPED_PARAM_SIZE = 96;
    private static final int FIELD_LENGTH = 80;

    private StatsRecords() {
    }

    /** The records of {@code domains} for the {@code stats} groups (a bit set of the constants above). */
    public static List<Record> list(List<Pointer> domains, int stats) {
        if (domains.isEmpty()) {
            return List.of();
        }
        Memory array = new Memory((long) (domains.size() + 1) * Native.POINTER_SIZE); // NULL-terminated
        for (int i = 0; i < domains.size(); i++) {
            array.setPointer((long) i * Native.POINTER_SIZE, domains.get(i));
        }
        array.setPointer((long) domains.size() * Native.POINTER_SIZE, null);
        PointerByReference ref = new PointerByReference();
        int count = LibvirtNative.virDomainListGetStats(array, stats, ref, 0);
        if (count < 0) {
            throw NativeErrors.lastError("Could not read statistics");
        }
        Pointer records = ref.getValue();
        try {
            List<Record> result = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                result.add(read(records.getPointer((long) i * Native.POINTER_SIZE)));
            }
            return result;
        } finally {
            if (records != null) {
                LibvirtNative.virDomainStatsRecordListFree(records);
            }
        }
    }

    private static Record read(Pointer rec) {
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
                    // strings are not needed
                }
            }
        }
        return new Record(DomainReader.uuidOf(dom), values);
    }
}
