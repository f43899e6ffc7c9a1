package dev.vireo.app.newvm;

/**
 * A VM to create: the choices, its disk, whether to start it, and the domain XML the user edited
 * in the summary ("customize before install"), or null to build it from the choices.
 */
public record CreationRequest(NewVm vm, DiskChoice disk, boolean start, String customXml) {

    public CreationRequest {
        java.util.Objects.requireNonNull(vm, "vm");
        disk = disk == null ? new DiskChoice.None() : disk;
    }

    /**
     * The domain XML with the disk at {@code diskPath} (the new volume's path once it exists; the
     * path it is expected at before).
     */
    public String domainXml(String diskPath) {
        if (customXml != null) {
            return customXml;
        }
        return DomainXmlBuilder.build(withDisk(vm, diskPath));
    }

    static NewVm withDisk(NewVm vm, String diskPath) {
        return new NewVm(vm.name(), vm.title(), vm.osId(), vm.domainType(), vm.machine(), vm.firmware(), vm.memoryMiB(),
                vm.vcpus(), vm.source(), diskPath, vm.virtio(), vm.network(), vm.display(), vm.sound());
    }
}
