package dev.vireo.bridge.internal;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.vireo.bridge.VirtException;
import dev.vireo.bridge.model.DomainDescription;
import dev.vireo.bridge.model.DomainState;
import dev.vireo.bridge.model.VirtualMachine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads domains through {@link LibvirtNative}: every domain of a connection in one listing call,
 * or one domain by UUID. Must run on the connection's own thread.
 */
public final class DomainReader {

    private static final Logger LOG = LoggerFactory.getLogger(DomainReader.class);

    private final String connectionId;
    private final Pointer conn;

    public DomainReader(String connectionId, Pointer conn) {
        this.connectionId = connectionId;
        this.conn = conn;
    }

    /** Every domain, running or not. Domains that vanish while being read are left out. */
    public List<VirtualMachine> listAll() {
        PointerByReference ref = new PointerByReference();
        int count = LibvirtNative.virConnectListAllDomains(conn, ref, 0);
        if (count < 0) {
            throw NativeErrors.lastError("Could not list the virtual machines");
        }
        Pointer array = ref.getValue();
        List<Raw> raws = new ArrayList<>(count);
        try {
            Pointer[] domains = array == null ? new Pointer[0] : array.getPointerArray(0, count);
            for (Pointer dom : domains) {
                try {
                    fetch(dom).ifPresent(raws::add);
                } finally {
                    LibvirtNative.virDomainFree(dom);
                }
            }
        } finally {
            if (array != null) {
                Native.free(Pointer.nativeValue(array));
            }
        }
        // Parsed here, not on every core: while the window starts, a parallel parse takes the CPU
        // the JavaFX thread needs (1,000 VMs listed 70 ms sooner; 5,000 about 60 ms later).
        return raws.stream().map(this::toVm).toList();
    }

    /**
     * Every domain in five calls, whatever their number, for hosts behind a slow link: the list
     * (names and UUIDs come with the handles), which are active, persistent and have a managed
     * save image (three filtered listings), and state, vCPUs and memory from one statistics call.
     * The XML is not read: the descriptions are {@link DomainDescription#summary summaries}.
     */
    public List<VirtualMachine> listSummaries() {
        Set<String> active = uuids(LibvirtNative.LIST_ACTIVE);
        Set<String> persistent = uuids(LibvirtNative.LIST_PERSISTENT);
        Set<String> managedSave = uuids(LibvirtNative.LIST_MANAGEDSAVE);
        PointerByReference ref = new PointerByReference();
        int count = LibvirtNative.virConnectListAllDomains(conn, ref, 0);
        if (count < 0) {
            throw NativeErrors.lastError("Could not list the virtual machines");
        }
        Pointer array = ref.getValue();
        List<Pointer> domains = array == null ? List.of() : List.of(array.getPointerArray(0, count));
        try {
            Map<String, Map<String, Number>> stats = new HashMap<>();
            for (StatsRecords.Record r : StatsRecords.list(domains, StatsRecords.STATE | StatsRecords.VCPU | StatsRecords.BALLOON)) {
                stats.put(r.uuid(), r.values());
            }
            List<VirtualMachine> vms = new ArrayList<>(domains.size());
            for (Pointer dom : domains) {
                String uuid = uuidOf(dom);
                Map<String, Number> v = stats.getOrDefault(uuid, Map.of());
                int state = v.containsKey("state.state") ? v.get("state.state").intValue() : 0;
                int vcpus = first(v, "vcpu.current", "vcpu.maximum").intValue();
                long memory = first(v, "balloon.maximum", "balloon.current").longValue();
                long current = first(v, "balloon.current", "balloon.maximum").longValue();
                vms.add(new VirtualMachine(connectionId, DomainDescription.summary(uuid, LibvirtNative.virDomainGetName(dom),
                        vcpus, memory, current), DomainState.fromLibvirt(state), active.contains(uuid),
                        persistent.contains(uuid), managedSave.contains(uuid)));
            }
            return vms;
        } finally {
            domains.forEach(LibvirtNative::virDomainFree);
            if (array != null) {
                Native.free(Pointer.nativeValue(array));
            }
        }
    }

    private static Number first(Map<String, Number> values, String key, String fallback) {
        Number n = values.get(key);
        return n != null ? n : values.getOrDefault(fallback, 0);
    }

    /** The UUIDs of the domains a filtered listing returns. */
    private Set<String> uuids(int flags) {
        PointerByReference ref = new PointerByReference();
        int count = LibvirtNative.virConnectListAllDomains(conn, ref, flags);
        if (count < 0) {
            throw NativeErrors.lastError("Could not list the virtual machines");
        }
        Pointer array = ref.getValue();
        Set<String> uuids = new HashSet<>();
        if (array != null) {
            for (Pointer dom : array.getPointerArray(0, count)) {
                uuids.add(uuidOf(dom));
                LibvirtNative.virDomainFree(dom);
            }
            Native.free(Pointer.nativeValue(array));
        }
        return uuids;
    }

    /** What libvirt said about one domain, before its XML is parsed. */
    private record Raw(String xml, int state, boolean active, boolean persistent, boolean managedSave) {
    }

    /** The domain with this UUID, or empty when it no longer exists. */
    public Optional<VirtualMachine> read(String uuid) {
        Pointer dom = LibvirtNative.virDomainLookupByUUIDString(conn, uuid);
        if (dom == null) {
            VirtException e = NativeErrors.lastError("Could not look up the virtual machine " + uuid);
            if (isNoDomain(e)) {
                return Optional.empty();
            }
            throw e;
        }
        try {
            return read(dom);
        } finally {
            LibvirtNative.virDomainFree(dom);
        }
    }

    private Optional<VirtualMachine> read(Pointer dom) {
        return fetch(dom).map(this::toVm);
    }

    private Optional<Raw> fetch(Pointer dom) {
        IntByReference state = new IntByReference();
        IntByReference reason = new IntByReference();
        if (LibvirtNative.virDomainGetState(dom, state, reason, 0) < 0) {
            return vanishedOrThrow("Could not read a virtual machine's state");
        }
        Pointer xmlPtr = LibvirtNative.virDomainGetXMLDesc(dom, 0);
        if (xmlPtr == null) {
            return vanishedOrThrow("Could not read a virtual machine's XML");
        }
        String xml;
        try {
            xml = xmlPtr.getString(0, StandardCharsets.UTF_8.name());
        } finally {
            Native.free(Pointer.nativeValue(xmlPtr));
        }
        int active = LibvirtNative.virDomainIsActive(dom);
        int persistent = LibvirtNative.virDomainIsPersistent(dom);
        int managedSave = persistent == 1 ? LibvirtNative.virDomainHasManagedSaveImage(dom, 0) : 0;
        if (active < 0 || persistent < 0 || managedSave < 0) {
            return vanishedOrThrow("Could not read a virtual machine's status");
        }
        return Optional.of(new Raw(xml, state.getValue(), active == 1, persistent == 1, managedSave == 1));
    }

    private VirtualMachine toVm(Raw raw) {
        DomainDescription description;
        try {
            description = DomainDescription.parse(raw.xml());
        } catch (IllegalArgumentException e) {
            throw new VirtException("libvirt returned domain XML that Vireo cannot read", e.getMessage(), e);
        }
        return new VirtualMachine(connectionId, description, DomainState.fromLibvirt(raw.state()),
                raw.active(), raw.persistent(), raw.managedSave());
    }

    /** The UUID of a domain handle, read locally (no call to the host). */
    public static String uuidOf(Pointer dom) {
        byte[] buf = new byte[37];
        if (LibvirtNative.virDomainGetUUIDString(dom, buf) < 0) {
            throw NativeErrors.lastError("Could not read a virtual machine's UUID");
        }
        return new String(buf, 0, 36, StandardCharsets.US_ASCII);
    }

    private static <T> Optional<T> vanishedOrThrow(String action) {
        VirtException e = NativeErrors.lastError(action);
        if (isNoDomain(e)) {
            LOG.debug("domain vanished while being read: {}", e.details());
            return Optional.empty();
        }
        throw e;
    }

    private static boolean isNoDomain(VirtException e) {
        return e.isNoSuchDomain();
    }
}
