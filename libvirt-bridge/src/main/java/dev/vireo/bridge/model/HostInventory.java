package dev.vireo.bridge.model;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a new VM can use on a host: its storage pools with their volumes and free space, its
 * virtual networks and bridges, its memory, and the names already taken. Read once when the
 * new-VM wizard opens, and again before anything is created.
 *
 * @param memoryBytes the host's physical memory
 * @param freeMemoryBytes memory free now, or -1 where the driver cannot tell (the test driver)
 * @param domainNames every defined or running domain's name, to refuse duplicates
 */
public record HostInventory(
        List<Pool> pools,
        List<VirtualNetwork> networks,
        List<String> bridges,
        long memoryBytes,
        long freeMemoryBytes,
        int cpus,
        Set<String> domainNames) {

    public HostInventory {
        pools = List.copyOf(pools);
        networks = List.copyOf(networks);
        bridges = List.copyOf(bridges);
        domainNames = Set.copyOf(domainNames);
    }

    public Optional<Pool> pool(String name) {
        return pools.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The volume at {@code path} in any pool. */
    public Optional<Volume> volume(String path) {
        return pools.stream().flatMap(p -> p.volumes().stream()).filter(v -> v.path().equals(path)).findFirst();
    }

    /**
     * A storage pool. {@code path} is its target directory (or device) where it has one.
     * {@code available} is what the pool reports free.
     */
    public record Pool(String name, String type, boolean active, long capacityBytes, long allocationBytes,
            long availableBytes, String path, List<Volume> volumes) {
        public Pool {
            volumes = List.copyOf(volumes);
        }
    }

    /** A volume of a pool; {@code format} is e.g. "qcow2", "raw" or "iso" where the pool says. */
    public record Volume(String pool, String name, String path, long capacityBytes, long allocationBytes,
            String format) {

        /** Looks like an installation image by its name or format. */
        public boolean isIso() {
            return "iso".equals(format) || name.toLowerCase(java.util.Locale.ROOT).endsWith(".iso");
        }
    }

    /**
     * A libvirt virtual network; {@code forwardMode} is "nat", "route", "bridge", ... or "" for an
     * isolated network.
     */
    public record VirtualNetwork(String name, boolean active, String bridge, String forwardMode) {
    }
}
