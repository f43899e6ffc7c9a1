package dev.vireo.app.newvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.app.gpu.PassthroughPlan;
import dev.vireo.app.newvm.Verdict.Topic;
import dev.vireo.bridge.model.HostFacts;
import dev.vireo.bridge.model.HostGpus;
import dev.vireo.bridge.model.HostInventory;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checks before anything is created, each sentence under the topic (wizard page) it belongs to. */
class CreationCheckTest {

    private static final long GIB = DiskChoice.GIB;

    private static final HostInventory HOST = new HostInventory(
            List.of(new HostInventory.Pool("default", "dir", true, 100 * GIB, 90 * GIB, 10 * GIB, "/var/lib/libvirt/images",
                    List.of(new HostInventory.Volume("default", "web.qcow2", "/var/lib/libvirt/images/web.qcow2", GIB, GIB,
                            "qcow2"))),
                    new HostInventory.Pool("off", "dir", false, 0, 0, 0, "/srv/off", List.of())),
            List.of(new HostInventory.VirtualNetwork("default", true, "virbr0", "nat")), List.of(),
            4 * 1024 * GIB / 1024, 1 * GIB, 4, Set.of("web"));

    private static final HostFacts KVM_NO_UEFI = new HostFacts("x86_64", true, true, List.of("kvm", "qemu"),
            List.of("q35", "pc"), true, List.of(), false, List.of("qxl", "virtio"), List.of("spice", "vnc"), 255);

    private static final HostFacts TCG_ONLY = new HostFacts("x86_64", false, true, List.of("qemu"), List.of("q35", "pc"),
            true, List.of("/usr/share/OVMF/OVMF_CODE_4M.fd"), true, List.of("qxl"), List.of("spice"), 255);

    private static NewVm vm(String name, int memory, int vcpus, NewVm.Firmware firmware, String machine, String listen,
            String password) {
        return new NewVm(name, "", null, "kvm", machine, firmware, memory, vcpus, new NewVm.Source.Pxe(), null, true,
                null, new NewVm.Display(1, listen, 0, false, password, true, 2), true);
    }

    @Test
    void aSensibleRequestPasses() {
        Verdict v = CreationCheck.check(new CreationRequest(vm("db", 1024, 2, NewVm.Firmware.BIOS, "q35", "127.0.0.1", null),
                new DiskChoice.NewVolume("default", "db.qcow2", 8 * GIB), true, null), HOST, KVM_NO_UEFI, "host");
        assertThat(v.ok()).isTrue();
        assertThat(v.warnings()).isEmpty();
    }

    @Test
    void everyRefusalIsASentenceUnderItsTopic() {
        Verdict v = CreationCheck.check(new CreationRequest(vm("web", 8192, 0, NewVm.Firmware.UEFI, "virt", "0.0.0.0", ""),
                new DiskChoice.NewVolume("default", "web.qcow2", 12 * GIB), true, null), HOST, KVM_NO_UEFI, "host");

        assertThat(v.refusals(Topic.NAME)).containsExactly(
                "The name “web” is taken: host already has a virtual machine of that name.");
        assertThat(v.refusals(Topic.RESOURCES)).containsExactly("Give it at least one virtual CPU.",
                "8 GiB of memory is more than host has (4 GiB).");
        assertThat(v.refusals(Topic.STORAGE)).containsExactly(
                "The pool “default” has 10 GiB free: a 12 GiB disk does not fit.",
                "The pool “default” already has a volume named “web.qcow2”.");
        assertThat(v.refusals(Topic.FIRMWARE)).containsExactly(
                "host has no UEFI firmware: install OVMF on the host (Debian and Ubuntu: the ovmf package) or choose BIOS.",
                "host does not offer the machine type “virt”.");
        assertThat(v.warnings()).containsExactly(
                "The console listens beyond this host without a password: anyone who can reach the port can use the VM.");
    }

    @Test
    void warningsAreForWhatTheUserMayAccept() {
        NewVm slow = new NewVm("a", "", null, "qemu", "q35", NewVm.Firmware.UEFI, 2048, 8, new NewVm.Source.Pxe(), null,
                true, null, null, false);
        Verdict v = CreationCheck.check(new CreationRequest(slow, null, false, null), HOST, TCG_ONLY, "host");
        assertThat(v.ok()).isTrue();
        assertThat(v.warnings()).containsExactly(
                "2 GiB of memory is more than is free on host now (1 GiB): the VM may not start, or the host may swap.",
                "8 virtual CPUs is more than host has (4): the guest runs slower, not faster.",
                "host has no hardware virtualization (KVM): the VM runs in software emulation, roughly ten times slower.");
    }

    @Test
    void sourcesAndPoolsThatCannotWork() {
        NewVm noIso = new NewVm("a", "", null, "kvm", "q35", NewVm.Firmware.BIOS, 1024, 1, new NewVm.Source.Cdrom(""),
                null, true, null, null, false);
        Verdict v = CreationCheck.check(new CreationRequest(noIso, new DiskChoice.NewVolume("off", "a.qcow2", GIB), true,
                null), HOST, KVM_NO_UEFI, "host");
        assertThat(v.refusals(Topic.SOURCE)).containsExactly("Choose the installation image (ISO).");
        assertThat(v.refusals(Topic.STORAGE)).containsExactly("The storage pool “off” is not active: start it first.");

        NewVm imported = new NewVm("", "", null, "kvm", "q35", NewVm.Firmware.BIOS, 32, 1, new NewVm.Source.ImportDisk(),
                null, true, null, null, false);
        Verdict w = CreationCheck.check(new CreationRequest(imported, null, true, null), HOST, KVM_NO_UEFI, "host");
        assertThat(w.refusals()).containsExactly("Give the virtual machine a name.", "Give it at least 64 MiB of memory.",
                "An import needs an existing disk: choose the disk image to import.");
    }

    @Test
    void aGraphicsCardsRefusalsBelongToItsPageAndItsWarningsAreTold() {
        var gpu = new HostGpus.PciFunction("pci_0000_01_00_0", "0000:01:00.0", 0x030000, "10de", "1c81", "NVIDIA Corporation",
                "GP107 [GeForce GTX 1050]", "nouveau");
        var shared = new HostGpus.Gpu(gpu, List.of(), 1, List.of("0000:01:00.0", "0000:03:00.0"), List.of("0000:03:00.0"),
                false, List.of(), List.of(), List.of("gamer"));
        NewVm vm = vm("db", 1024, 2, NewVm.Firmware.BIOS, "q35", "127.0.0.1", null);
        Verdict v = CreationCheck.check(new CreationRequest(vm, null, false, null,
                new GpuChoice(shared, PassthroughPlan.Options.defaults(), null)), HOST, KVM_NO_UEFI, "host");

        assertThat(v.refusals(Topic.GPU)).containsExactly("The card's IOMMU group 1 also holds 0000:03:00.0: all of a group"
                + " goes to one VM. Move the card to a slot wired to the CPU.");
        assertThat(v.refusals()).hasSize(1);
        assertThat(v.warnings()).containsExactly("The card is also given to gamer: only one of them can run at a time.",
                "The VM boots with BIOS: most cards of the last decade want UEFI (OVMF).");
    }
}
