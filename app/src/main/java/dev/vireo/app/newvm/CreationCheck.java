package dev.vireo.app.newvm;

import dev.vireo.app.gpu.PassthroughPlan;
import dev.vireo.app.newvm.Verdict.Topic;
import dev.vireo.bridge.model.HostFacts;
import dev.vireo.bridge.model.HostInventory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks a {@link CreationRequest} against the host before anything is created: a name that is
 * taken, more memory than the host has, a disk that does not fit its pool, firmware or a machine
 * type the host does not offer, a graphics card that cannot be passed through (the refusals and
 * warnings of its {@link PassthroughPlan}). The wizard shows the verdict as the user types; {@link VmCreator}
 * checks again with fresh host facts just before it creates anything.
 */
public final class CreationCheck {

    private CreationCheck() {
    }

    public static Verdict check(CreationRequest request, HostInventory host, HostFacts facts, String hostName) {
        Refusals refusals = new Refusals();
        List<String> warnings = new ArrayList<>();
        NewVm vm = request.vm();

        if (vm.name().isBlank()) {
            refusals.add(Topic.NAME, "Give the virtual machine a name.");
        } else if (vm.name().contains("/")) {
            refusals.add(Topic.NAME, "A name cannot contain “/”.");
        }
        if (vm.memoryMiB() < 64) {
            refusals.add(Topic.RESOURCES, "Give it at least 64 MiB of memory.");
        }
        if (vm.vcpus() < 1) {
            refusals.add(Topic.RESOURCES, "Give it at least one virtual CPU.");
        }

        if (host.domainNames().contains(vm.name())) {
            refusals.add(Topic.NAME, "The name “" + vm.name() + "” is taken: " + hostName
                    + " already has a virtual machine of that name.");
        }
        long hostMiB = host.memoryBytes() >> 20;
        if (hostMiB > 0 && vm.memoryMiB() > hostMiB) {
            refusals.add(Topic.RESOURCES, mib(vm.memoryMiB()) + " of memory is more than " + hostName + " has (" + mib(hostMiB) + ").");
        } else if (host.freeMemoryBytes() >= 0 && vm.memoryMiB() > host.freeMemoryBytes() >> 20) {
            warnings.add(mib(vm.memoryMiB()) + " of memory is more than is free on " + hostName + " now ("
                    + mib(host.freeMemoryBytes() >> 20) + "): the VM may not start, or the host may swap.");
        }
        if (facts.maxVcpus() > 0 && vm.vcpus() > facts.maxVcpus()) {
            refusals.add(Topic.RESOURCES, vm.vcpus() + " virtual CPUs is more than this machine type allows (" + facts.maxVcpus() + ").");
        } else if (host.cpus() > 0 && vm.vcpus() > host.cpus()) {
            warnings.add(vm.vcpus() + " virtual CPUs is more than " + hostName + " has (" + host.cpus()
                    + "): the guest runs slower, not faster.");
        }

        if (request.disk() instanceof DiskChoice.NewVolume v) {
            checkNewVolume(v, host, refusals);
        } else if (request.disk() instanceof DiskChoice.Existing e && (e.path() == null || e.path().isBlank())) {
            refusals.add(Topic.STORAGE, "Choose the existing disk.");
        }
        if (vm.source() instanceof NewVm.Source.ImportDisk && !(request.disk() instanceof DiskChoice.Existing)) {
            refusals.add(Topic.SOURCE, "An import needs an existing disk: choose the disk image to import.");
        }
        if (vm.source() instanceof NewVm.Source.Cdrom c && (c.path() == null || c.path().isBlank())) {
            refusals.add(Topic.SOURCE, "Choose the installation image (ISO).");
        }
        if (vm.source() instanceof NewVm.Source.NetworkInstall n) {
            if (n.url() == null || n.url().isBlank()) {
                refusals.add(Topic.SOURCE, "Give the install tree's URL.");
            } else if (!InstallTree.usable(n.url())) {
                refusals.add(Topic.SOURCE, "The install tree's URL must start with http:// or https:// and name a host.");
            }
            if ((n.kernel() == null || n.kernel().isBlank()) != (n.initrd() == null || n.initrd().isBlank())) {
                refusals.add(Topic.SOURCE, "Give both the kernel and the initrd path in the tree, or neither.");
            }
            if (host.pools().stream().noneMatch(HostInventory.Pool::active)) {
                refusals.add(Topic.SOURCE, hostName + " has no active storage pool to hold the installer.");
            }
        }
        if (vm.source() instanceof NewVm.Source.Kernel k && (k.kernel() == null || k.kernel().isBlank())) {
            refusals.add(Topic.SOURCE, "Give the path of the kernel to boot.");
        }

        if (vm.firmware() == NewVm.Firmware.UEFI && !facts.uefi()) {
            refusals.add(Topic.FIRMWARE, hostName + " has no UEFI firmware"
                    + (facts.domainCapabilities() ? "" : " that libvirt reports")
                    + ": install OVMF on the host (Debian and Ubuntu: the ovmf package) or choose BIOS.");
        }
        if (!facts.machines().isEmpty() && !facts.hasMachine(vm.machine())) {
            refusals.add(Topic.FIRMWARE, hostName + " does not offer the machine type “" + vm.machine() + "”.");
        }
        if (vm.display() != null && !facts.graphicsTypes().isEmpty() && !facts.graphicsTypes().contains("spice")) {
            refusals.add(Topic.DISPLAY, hostName + "'s QEMU has no SPICE support.");
        }
        if (vm.display() != null && !facts.videoModels().isEmpty() && !facts.videoModels().contains("qxl")) {
            refusals.add(Topic.DISPLAY, hostName + "'s QEMU has no QXL video.");
        }
        if ("qemu".equals(vm.domainType()) && facts.emulation() && !facts.kvm()) {
            warnings.add(hostName + " has no hardware virtualization (KVM): the VM runs in software emulation,"
                    + " roughly ten times slower.");
        }
        PassthroughPlan gpu = request.gpuPlan();
        if (gpu != null) {
            gpu.refusals().forEach(r -> refusals.add(Topic.GPU, r));
            warnings.addAll(gpu.warnings());
        }
        if (vm.display() != null && !isLoopback(vm.display().listen())
                && (vm.display().password() == null || vm.display().password().isEmpty())) {
            warnings.add("The console listens beyond this host without a password: anyone who can reach the port"
                    + " can use the VM.");
        }
        return new Verdict(refusals.list, warnings);
    }

    private static final class Refusals {
        final List<Verdict.Refusal> list = new ArrayList<>();

        void add(Topic topic, String text) {
            list.add(new Verdict.Refusal(topic, text));
        }
    }

    private static void checkNewVolume(DiskChoice.NewVolume v, HostInventory host, Refusals refusals) {
        var pool = host.pool(v.pool());
        if (pool.isEmpty()) {
            refusals.add(Topic.STORAGE, "Choose a storage pool for the new disk.");
            return;
        }
        if (!pool.get().active()) {
            refusals.add(Topic.STORAGE, "The storage pool “" + v.pool() + "” is not active: start it first.");
            return;
        }
        if (v.sizeBytes() <= 0) {
            refusals.add(Topic.STORAGE, "Give the new disk a size.");
        } else if (v.sizeBytes() > pool.get().availableBytes()) {
            refusals.add(Topic.STORAGE, "The pool “" + v.pool() + "” has " + gib(pool.get().availableBytes()) + " free: a "
                    + gib(v.sizeBytes()) + " disk does not fit.");
        }
        if (pool.get().volumes().stream().anyMatch(vol -> vol.name().equals(v.name()))) {
            refusals.add(Topic.STORAGE, "The pool “" + v.pool() + "” already has a volume named “" + v.name() + "”.");
        }
    }

    static boolean isLoopback(String address) {
        return address == null || address.startsWith("127.") || address.equals("::1") || address.equals("localhost");
    }

    public static String mib(long mib) {
        return mib >= 1024 && mib % 1024 == 0 ? mib / 1024 + " GiB" : mib + " MiB";
    }

    /** A file size for lists: MiB under 1 GiB ("631 MiB"), else {@link #gib}. */
    public static String size(long bytes) {
        return bytes < DiskChoice.GIB ? Math.round(bytes / (double) (1 << 20)) + " MiB" : gib(bytes);
    }

    /** Bytes as GiB with one decimal where it matters ("6 GiB", "99.9 GiB"). */
    public static String gib(long bytes) {
        double g = bytes / (double) DiskChoice.GIB;
        return (Math.abs(g - Math.rint(g)) < 0.05 ? String.format(Locale.ROOT, "%.0f", g)
                : String.format(Locale.ROOT, "%.1f", g)) + " GiB";
    }
}
