package dev.vireo.app.newvm;

import dev.vireo.bridge.model.HostFacts;
import dev.vireo.bridge.model.HostInventory;

/**
 * Starting values for a new VM: what the osinfo database recommends for its OS, kept within what
 * the host has (at most half its memory and all its CPUs), and the firmware the OS wants where
 * the host has it.
 */
public record Recommendation(int memoryMiB, int vcpus, long diskBytes, boolean virtio, NewVm.Firmware firmware,
        String machine) {

    static final int DEFAULT_MEMORY_MIB = 2048;
    static final int DEFAULT_VCPUS = 2;
    static final long DEFAULT_DISK = 20 * DiskChoice.GIB;

    public static Recommendation of(OsDatabase.Os os, HostInventory host, HostFacts facts) {
        long ram = os == null ? 0 : os.recommended().ramBytes() > 0 ? os.recommended().ramBytes() : os.minimum().ramBytes();
        int memory = ram > 0 ? (int) (ram >> 20) : DEFAULT_MEMORY_MIB;
        if (host != null && host.memoryBytes() > 0) {
            memory = (int) Math.min(memory, (host.memoryBytes() >> 20) / 2);
        }
        memory = Math.max(memory, 256);
        int cpus = os != null && os.recommended().cpus() > 0 ? os.recommended().cpus() : DEFAULT_VCPUS;
        if (host != null && host.cpus() > 0) {
            cpus = Math.min(cpus, host.cpus());
        }
        long disk = os != null && os.recommended().storageBytes() > 0 ? os.recommended().storageBytes() : DEFAULT_DISK;
        disk = Math.max(DiskChoice.GIB, (disk + DiskChoice.GIB - 1) / DiskChoice.GIB * DiskChoice.GIB); // whole GiB
        boolean virtio = os == null || os.virtio();
        boolean uefiHost = facts != null && facts.uefi();
        NewVm.Firmware firmware = os != null && os.efi() && !os.bios() && uefiHost ? NewVm.Firmware.UEFI
                : NewVm.Firmware.BIOS;
        String machine = facts == null || facts.machines().isEmpty() || facts.hasMachine("q35") ? "q35" : "pc";
        return new Recommendation(memory, cpus, disk, virtio, firmware, machine);
    }
}
