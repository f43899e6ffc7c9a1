package dev.vireo.app.newvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.app.gpu.PassthroughPlan;
import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.VirtException;
import dev.vireo.bridge.model.DomainState;
import dev.vireo.bridge.model.GpuReadiness;
import dev.vireo.bridge.model.HostGpus;
import dev.vireo.bridge.model.HostInventory;
import dev.vireo.bridge.model.VirtualMachine;
import dev.vireo.bridge.testing.Eventually;
import dev.vireo.bridge.testing.TestHosts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Creates VMs through {@link VmCreator} on the test driver (the project's provisioning.xml host):
 * the steps, the refusals before anything is created, and the clean-up after a failure midway; and
 * on gpus.xml, a graphics card passed through to the new VM.
 */
class VmCreatorIT {

    private static final long GIB = DiskChoice.GIB;

    private HostConnection connection;
    private VmCreator creator;
    private final List<String> steps = new ArrayList<>();

    @BeforeEach
    void open() {
        connection = TestHosts.open("provisioning.xml");
        creator = new VmCreator(connection);
    }

    @AfterEach
    void close() {
        TestHosts.close(connection);
    }

    @Test
    void createsTheDiskDefinesAndStarts() {
        String name = "lab \"pc\" & <7> – ü";
        NewVm vm = vm(name, 1024);
        var created = creator.create(new CreationRequest(vm, new DiskChoice.NewVolume("default", DiskChoice.volumeName(name),
                8 * GIB), true, null), this::step).join();

        assertThat(steps).containsExactly("1/4 Checking provisioning.xml",
                "2/4 Creating the 8 GiB disk “lab-pc-7-ü.qcow2” in pool “default”",
                "3/4 Defining “lab \"pc\" & <7> – ü”", "4/4 Starting “lab \"pc\" & <7> – ü”");
        assertThat(created.diskPath()).isEqualTo("/var/lib/libvirt/images/lab-pc-7-ü.qcow2");
        assertThat(created.started()).isTrue();
        VirtualMachine made = vmNamed(name);
        assertThat(made.uuid()).isEqualTo(created.uuid());
        assertThat(made.state()).isEqualTo(DomainState.RUNNING);
        assertThat(made.description().xml()).contains("<source file='/var/lib/libvirt/images/lab-pc-7-ü.qcow2'/>")
                .contains("heads='2'");
        HostInventory after = connection.provisioning().inventory().join();
        assertThat(after.volume(created.diskPath())).get().extracting(HostInventory.Volume::capacityBytes)
                .isEqualTo(8 * GIB);
    }

    @Test
    void refusesATakenNameTooMuchMemoryAndAFullPoolBeforeCreatingAnything() {
        NewVm vm = vm("taken", 16 * 1024);
        var request = new CreationRequest(vm, new DiskChoice.NewVolume("small", "taken.qcow2", 20 * GIB), true, null);

        assertThatThrownBy(() -> creator.create(request, this::step).join()).isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(VmCreator.Refused.class, r -> assertThat(r.verdict().refusals())
                        .containsExactly("The name “taken” is taken: provisioning.xml already has a virtual machine of that name.",
                                "16 GiB of memory is more than provisioning.xml has (8 GiB).",
                                "The pool “small” has 6 GiB free: a 20 GiB disk does not fit."));
        assertThat(steps).containsExactly("1/4 Checking provisioning.xml");
        HostInventory after = connection.provisioning().inventory().join();
        assertThat(after.pool("small").orElseThrow().volumes()).extracting(HostInventory.Volume::name)
                .containsExactly("archive.raw");
        assertThat(after.domainNames()).containsExactly("taken");
    }

    @Test
    void refusesUefiOnAHostWithoutFirmware() {
        NewVm bios = vm("efi-guest", 1024);
        NewVm uefi = new NewVm(bios.name(), "", null, bios.domainType(), bios.machine(), NewVm.Firmware.UEFI,
                bios.memoryMiB(), bios.vcpus(), bios.source(), null, true, bios.network(), bios.display(), true);

        assertThatThrownBy(() -> creator.create(new CreationRequest(uefi, null, false, null), this::step).join())
                .cause().isInstanceOf(VmCreator.Refused.class)
                .extracting(e -> ((VirtException) e).userMessage()).asString()
                .contains("provisioning.xml has no UEFI firmware that libvirt reports: install OVMF on the host");
    }

    @Test
    void aFailureMidwayRemovesTheNewDisk() {
        NewVm vm = vm("broken", 1024);
        // customized before install into something libvirt refuses: the disk exists by then
        String xml = "<domain type='test'><name>broken</name><memory>notanumber</memory></domain>";
        var request = new CreationRequest(vm, new DiskChoice.NewVolume("default", "broken.qcow2", 2 * GIB), true, xml);

        assertThatThrownBy(() -> creator.create(request, this::step).join()).cause()
                .isInstanceOf(VirtException.class)
                .extracting(e -> ((VirtException) e).userMessage()).asString()
                .startsWith("Could not define “broken”").endsWith("Nothing was left behind.");
        assertThat(steps).hasSize(3);
        HostInventory after = connection.provisioning().inventory().join();
        assertThat(after.volume("/var/lib/libvirt/images/broken.qcow2")).isEmpty();
        assertThat(after.domainNames()).containsExactly("taken");
    }

    @Test
    void passesTheA4000ThroughAndTheCardThenNamesTheNewVm() {
        HostConnection gpus = TestHosts.open("gpus.xml");
        try {
            GpuReadiness readiness = gpus.gpus().readiness().join();
            HostGpus.Gpu a4000 = readiness.cards().stream().map(GpuReadiness.CardChecks::gpu)
                    .filter(g -> g.device().address().equals("0000:0a:00.0")).findFirst().orElseThrow();
            NewVm vm = new NewVm("render-01", "", null, "test", "pc", NewVm.Firmware.BIOS, 2048, 2,
                    new NewVm.Source.Kernel("/var/lib/libvirt/images/vmlinuz", "", ""), null, true, null,
                    new NewVm.Display(1, "127.0.0.1", 0, false, null, true, 2), true);
            var request = new CreationRequest(vm, null, false, null,
                    new GpuChoice(a4000, PassthroughPlan.Options.defaults(), readiness));

            var created = new VmCreator(gpus).create(request, this::step).join();

            assertThat(steps).containsExactly("1/2 Checking gpus.xml", "2/2 Defining “render-01”");
            assertThat(created.warnings()).contains("The VM boots with BIOS: most cards of the last decade want UEFI (OVMF).");
            Eventually.until("render-01 listed",
                    () -> gpus.domains().snapshot().stream().anyMatch(v -> v.name().equals("render-01")));
            String xml = gpus.operations().inactiveDefinition(gpus.domains().snapshot().stream()
                    .filter(v -> v.name().equals("render-01")).findFirst().orElseThrow()).join();
            assertThat(xml).contains("<address domain='0x0000' bus='0x0a' slot='0x00' function='0x0'/>")
                    .contains("<address domain='0x0000' bus='0x0a' slot='0x00' function='0x1'/>")
                    .contains("<rom bar='on'/>").contains("<hidden state='on'/>")
                    .contains("<graphics type='spice'"); // the SPICE console stays
            Eventually.until("the A4000 used by render-01", () -> gpus.gpus().readiness().join()
                    .cards().stream().filter(c -> c.gpu().device().address().equals("0000:0a:00.0"))
                    .anyMatch(c -> c.gpu().usedBy().contains("render-01")));
        } finally {
            TestHosts.close(gpus);
        }
    }

    @Test
    void refusesACardWhoseGroupIsSharedBeforeCreatingAnything() {
        HostConnection gpus = TestHosts.open("gpus.xml");
        try {
            GpuReadiness readiness = gpus.gpus().readiness().join();
            HostGpus.Gpu gtx = readiness.cards().stream().map(GpuReadiness.CardChecks::gpu)
                    .filter(g -> g.device().address().equals("0000:01:00.0")).findFirst().orElseThrow();
            NewVm vm = new NewVm("shared", "", null, "test", "pc", NewVm.Firmware.BIOS, 2048, 2,
                    new NewVm.Source.Kernel("/var/lib/libvirt/images/vmlinuz", "", ""), null, true, null, null, false);
            var request = new CreationRequest(vm, null, false, null,
                    new GpuChoice(gtx, PassthroughPlan.Options.defaults(), readiness));

            assertThatThrownBy(() -> new VmCreator(gpus).create(request, this::step).join()).cause()
                    .isInstanceOfSatisfying(VmCreator.Refused.class, r -> assertThat(r.verdict().refusals(Verdict.Topic.GPU))
                            .containsExactly("The card's IOMMU group 1 also holds 0000:03:00.0: all of a group goes to one VM."
                                    + " Move the card to a slot wired to the CPU."));
            assertThat(steps).containsExactly("1/2 Checking gpus.xml");
            assertThat(gpus.domains().snapshot()).extracting(VirtualMachine::name).doesNotContain("shared");
        } finally {
            TestHosts.close(gpus);
        }
    }

    private NewVm vm(String name, int memoryMiB) {
        return new NewVm(name, "", "http://debian.org/debian/12", "test", "pc", NewVm.Firmware.BIOS, memoryMiB, 2,
                new NewVm.Source.Kernel("/var/lib/libvirt/images/vmlinuz", "/var/lib/libvirt/images/initrd.gz",
                        "console=ttyS0"),
                null, true, new NewVm.Network(NewVm.Network.Kind.NETWORK, "default", "virtio"),
                new NewVm.Display(2, "127.0.0.1", 0, false, "s3cret", true, 2), true);
    }

    private VirtualMachine vmNamed(String name) {
        Eventually.until(name + " is listed", Duration.ofSeconds(5),
                () -> connection.domains().snapshot().stream().anyMatch(v -> v.name().equals(name)
                        && v.state() == DomainState.RUNNING), () -> connection.domains().snapshot().toString());
        return connection.domains().snapshot().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    private void step(int step, int steps, String what) {
        this.steps.add(step + "/" + steps + " " + what);
    }
}
