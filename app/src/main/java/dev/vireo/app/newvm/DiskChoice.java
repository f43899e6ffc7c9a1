package dev.vireo.app.newvm;

/** The new VM's disk: a new volume made for it, one that exists already, or none. */
public sealed interface DiskChoice {

    long GIB = 1L << 30;

    /** No disk (a live CD, PXE or a kernel with everything in its initrd). */
    record None() implements DiskChoice {
    }

    /**
     * A new qcow2 volume of {@code sizeBytes} in {@code pool}, named {@code name}; created just
     * before the VM is defined and deleted again if the VM cannot be defined or started.
     */
    record NewVolume(String pool, String name, long sizeBytes) implements DiskChoice {
    }

    /** A volume or image file the host has already (also the disk of an import). */
    record Existing(String path) implements DiskChoice {
    }

    /**
     * Where the disk will be on the host, for the XML shown before anything is created: a new
     * volume as POOL_PATH/NAME (what a directory pool makes), an existing one where it is; null
     * without a disk. The XML that is defined uses the new volume's real path.
     */
    default String expectedPath(dev.vireo.bridge.model.HostInventory host) {
        if (this instanceof NewVolume v) {
            return host == null ? v.name() : host.pool(v.pool())
                    .map(p -> p.path().isEmpty() ? v.name() : p.path() + "/" + v.name()).orElse(v.name());
        }
        return this instanceof Existing e ? e.path() : null;
    }

    /**
     * A volume file name from a VM name: letters, digits, ".", "-" and "_" are kept, anything
     * else (spaces, quotes, "/") becomes "-"; with the ".qcow2" extension.
     */
    static String volumeName(String vmName) {
        String base = vmName.strip().replaceAll("[^\\p{L}\\p{N}._-]+", "-").replaceAll("^[-.]+|-+$", "");
        return (base.isEmpty() ? "disk" : base) + ".qcow2";
    }
}
