package dev.vireo.app.newvm.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.app.newvm.DiskChoice;
import dev.vireo.app.newvm.NewVm;
import dev.vireo.app.newvm.Verdict;
import dev.vireo.app.newvm.wizard.WizardModel.Page;
import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.model.GpuReadiness;
import dev.vireo.bridge.model.HostFacts;
import dev.vireo.bridge.model.HostInventory;
import dev.vireo.bridge.testing.TestHosts;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The wizard's view-model without a screen: choices in, request, XML and per-page reasons out; the
 * graphics card page on the gpus.xml test host.
 */
class WizardModelTest {

    private static final long GIB = DiskChoice.GIB;

    private final WizardModel m = new WizardModel();

    WizardModelTest() {
        m.facts.set(new HostFacts("x86_64", true, true, List.of("kvm", "qemu"), List.of("q35", "pc"), true, List.of(), false,
                List.of("qxl"), List.of("spice"), 255));
        var iso = new HostInventory.Volume("default", "d.iso", "/var/lib/libvirt/images/d.iso", GIB, GIB, "iso");
        var pool = new HostInventory.Pool("default", "dir", true, 100 * GIB, 50 * GIB, 50 * GIB, "/var/lib/libvirt/images",
                List.of(iso));
        m.inventory.set(new HostInventory(List.of(pool), List.of(new HostInventory.VirtualNetwork("default", true, "virbr0",
                "nat")), List.of(), 16 * GIB, -1, 8, Set.of("taken")));
        m.hostName.set("host");
        m.hostUri.set("qemu:///system");
        m.hostProblem.set("");
        m.pool.set("default");
    }

    @Test
    void eachPageSaysWhatItLacks() {
        Verdict v = m.verdict();
        assertThat(m.problem(Page.SOURCE, v)).isEqualTo("Choose the installation image (ISO).");
        m.isoPath.set("/var/lib/libvirt/images/d.iso");
        assertThat(m.problem(Page.SOURCE, m.verdict())).isNull();
        m.memoryMiB.set(32 * 1024);
        assertThat(m.problem(Page.OS, m.verdict())).isEqualTo("32 GiB of memory is more than host has (16 GiB).");
        assertThat(m.problem(Page.SOURCE, m.verdict())).isNull();
        m.memoryMiB.set(1024);
        m.diskGiB.set(60);
        assertThat(m.problem(Page.STORAGE, m.verdict())).isEqualTo("The pool “default” has 50 GiB free: a 60 GiB disk does not fit.");
        m.diskGiB.set(10);
        m.listen.set(WizardModel.ListenKind.ADDRESS);
        assertThat(m.problem(Page.NETWORK, m.verdict())).isEqualTo("Type the address to listen on (e.g. 192.168.1.10).");
        m.listenAddress.set("10.0.0.5");
        m.passwordKind.set(WizardModel.PasswordKind.TYPE);
        assertThat(m.problem(Page.NETWORK, m.verdict())).isEqualTo("Type the console password, or choose another option.");
        m.typedPassword.set("pw");
        assertThat(m.problem(Page.NETWORK, m.verdict())).isNull();
        m.name.set("taken");
        assertThat(m.problem(Page.SUMMARY, m.verdict())).startsWith("The name “taken” is taken");
        m.name.set("web");
        assertThat(m.firstBlocked(Page.SUMMARY, m.verdict())).isNull();
        m.customize.set(true);
        m.customXml.set("<domain><name>web</name>");
        assertThat(m.problem(Page.SUMMARY, m.verdict())).startsWith("The XML is not well-formed");
    }

    @Test
    void aNetworkInstallNeedsAnHttpUrlAndTlsNeedsTheHost() {
        m.source.set(WizardModel.SourceKind.NETWORK);
        assertThat(m.problem(Page.SOURCE, m.verdict())).isEqualTo("Give the install tree's URL.");
        m.treeUrl.set("ftp://mirror/debian");
        assertThat(m.problem(Page.SOURCE, m.verdict()))
                .isEqualTo("The install tree's URL must start with http:// or https:// and name a host.");
        m.treeUrl.set("http://mirror/debian");
        m.treeKernel.set("linux");
        assertThat(m.problem(Page.SOURCE, m.verdict())).isEqualTo("Give both the kernel and the initrd path in the tree, or neither.");
        m.treeInitrd.set("initrd.gz");
        assertThat(m.problem(Page.SOURCE, m.verdict())).isNull();

        m.tls.set(true);
        m.spiceTls.set(null); // a remote host: cannot tell, allowed
        assertThat(m.problem(Page.NETWORK, m.verdict())).isNull();
        m.spiceTls.set(false);
        assertThat(m.problem(Page.NETWORK, m.verdict())).startsWith("host has no SPICE TLS set up");
    }

    @Test
    void theXmlHasEveryChoice() {
        m.isoPath.set("/var/lib/libvirt/images/d.iso");
        m.name.set("web \"1\"");
        m.heads.set(3);
        m.listen.set(WizardModel.ListenKind.ALL);
        String xml = m.generatedXml();
        assertThat(xml).contains("<name>web \"1\"</name>").contains("heads=\"3\"").contains("address=\"0.0.0.0\"")
                .contains("passwd=\"" + m.generatedPassword.get() + "\"")
                .contains("<source file=\"/var/lib/libvirt/images/web-1.qcow2\"/>")
                .contains("<source file=\"/var/lib/libvirt/images/d.iso\"/>");
        assertThat(m.reach()).contains("People on the network connect to").contains("with the password");
    }

    @Test
    void aNameIsSuggestedThatIsFree() {
        assertThat(m.suggestName()).isEqualTo("vm");
        m.inventory.set(new HostInventory(List.of(), List.of(), List.of(), GIB, -1, 1, Set.of("vm", "vm-2")));
        assertThat(m.suggestName()).isEqualTo("vm-3");
    }

    /** The model on the gpus.xml test host (no pools, no networks, no UEFI firmware), cards read. */
    private static WizardModel onGpusXml(HostConnection host) {
        WizardModel g = new WizardModel();
        g.facts.set(host.hostFacts().join());
        g.inventory.set(host.provisioning().inventory().join());
        g.hostName.set("gpus.xml");
        g.hostProblem.set("");
        g.applyRecommendation();
        g.source.set(WizardModel.SourceKind.KERNEL);
        g.kernel.set("/var/lib/libvirt/boot/vmlinuz");
        g.disk.set(WizardModel.DiskKind.NONE);
        g.name.set("cad-02");
        g.setGpus(host.gpus().readiness().join());
        return g;
    }

    private static GpuReadiness.CardChecks card(WizardModel g, String address) {
        return g.gpus.get().cards().stream().filter(c -> c.gpu().device().address().equals(address)).findFirst().orElseThrow();
    }

    @Test
    void theQuadroComesWithItsAudioHiddenHypervisorQ35AndUefi() {
        HostConnection host = TestHosts.open("gpus.xml");
        try {
            WizardModel g = onGpusXml(host);
            assertThat(g.firmware.get()).isEqualTo(NewVm.Firmware.BIOS);
            assertThat(g.problem(Page.GPU, g.verdict())).isNull(); // "No graphics card" by default
            g.passCard.set(true);
            assertThat(g.problem(Page.GPU, g.verdict())).isEqualTo("Pick the card to pass through, or choose “No graphics card”.");
            g.card.set(card(g, "0000:05:00.0"));

            assertThat(g.hideHypervisor.get()).isTrue();
            assertThat(g.cardMachine.get()).isTrue();
            assertThat(g.machine.get()).isEqualTo("q35");
            assertThat(g.firmware.get()).isEqualTo(NewVm.Firmware.UEFI);
            String xml = g.request().domainXml(null);
            assertThat(xml).contains("<address bus=\"0x05\" domain=\"0x0000\" function=\"0x0\" slot=\"0x00\"/>")
                    .contains("<address bus=\"0x05\" domain=\"0x0000\" function=\"0x1\" slot=\"0x00\"/>")
                    .contains("<rom bar=\"on\"/>").contains("<hidden state=\"on\"/>")
                    .contains("<vendor_id state=\"on\" value=\"vireo-kvm-hv\"/>").contains("<ioapic driver=\"kvm\"/>")
                    .contains("machine=\"q35\"").contains("firmware=\"efi\"").contains("<graphics autoport=\"yes\"");
            assertThat(g.generatedXml()).isEqualTo(xml);
            // the test host has no OVMF: the page that set UEFI says so, and unticking brings back what was there
            assertThat(g.problem(Page.GPU, g.verdict())).startsWith("gpus.xml has no UEFI firmware that libvirt reports");
            g.cardMachine.set(false);
            assertThat(g.firmware.get()).isEqualTo(NewVm.Firmware.BIOS);
            assertThat(g.machine.get()).isEqualTo("q35");
            assertThat(g.problem(Page.GPU, g.verdict())).isNull();
            assertThat(g.verdict().warnings()).containsExactly(
                    "The card is also given to cad-ws: only one of them can run at a time.",
                    "The VM boots with BIOS: most cards of the last decade want UEFI (OVMF).");
            g.passCard.set(false);
            assertThat(g.request().gpu()).isNull();
            assertThat(g.generatedXml()).doesNotContain("<hostdev");
        } finally {
            TestHosts.close(host);
        }
    }

    @Test
    void aCardInASharedGroupIsRefusedOnItsPage() {
        HostConnection host = TestHosts.open("gpus.xml");
        try {
            WizardModel g = onGpusXml(host);
            g.passCard.set(true);
            g.card.set(card(g, "0000:01:00.0"));
            assertThat(g.problem(Page.GPU, g.verdict())).isEqualTo("The card's IOMMU group 1 also holds 0000:03:00.0: all of"
                    + " a group goes to one VM. Move the card to a slot wired to the CPU.");
            assertThat(g.firstBlocked(Page.SUMMARY, g.verdict())).isEqualTo(Page.OS); // UEFI, set for the card, comes first
            assertThat(g.problem(Page.NETWORK, g.verdict())).isNull();
        } finally {
            TestHosts.close(host);
        }
    }

    @Test
    void hidingFollowsTheCardUntilTheUserSetsItAndPage2OverrulesQ35AndUefi() {
        HostConnection host = TestHosts.open("gpus.xml");
        try {
            WizardModel g = onGpusXml(host);
            g.passCard.set(true);
            g.card.set(card(g, "0000:00:02.0")); // Intel
            assertThat(g.hideHypervisor.get()).isFalse();
            g.card.set(card(g, "0000:05:00.0"));
            assertThat(g.hideHypervisor.get()).isTrue();
            g.hideHypervisor.set(false); // the user's choice from here on
            g.card.set(card(g, "0000:0a:00.0"));
            assertThat(g.hideHypervisor.get()).isFalse();

            g.applyRecommendation(); // another OS chosen on page 2: the card keeps q35 and UEFI
            assertThat(g.firmware.get()).isEqualTo(NewVm.Firmware.UEFI);
            g.firmware.set(NewVm.Firmware.BIOS); // BIOS chosen on page 2: the box says so
            assertThat(g.cardMachine.get()).isFalse();
            assertThat(g.firmware.get()).isEqualTo(NewVm.Firmware.BIOS);

            g.setGpus(host.gpus().readiness().join()); // read again: the card stays chosen
            assertThat(g.card.get().gpu().device().address()).isEqualTo("0000:0a:00.0");
        } finally {
            TestHosts.close(host);
        }
    }

    @Test
    void aHostWithoutIommuLeavesOnlyNoCard() {
        HostConnection host = TestHosts.open("gpus.xml");
        try {
            WizardModel g = onGpusXml(host);
            GpuReadiness read = g.gpus.get();
            g.passCard.set(true);
            g.card.set(card(g, "0000:0a:00.0"));
            GpuReadiness noIommu = new GpuReadiness(List.of(new GpuReadiness.Check("iommu", "IOMMU", GpuReadiness.Verdict.PROBLEM,
                    "No IOMMU: no device can be passed through.", "Enable VT-d.")), read.cards());
            g.setGpus(noIommu);
            assertThat(g.passCard.get()).isFalse();
            assertThat(g.request().gpu()).isNull();
            assertThat(g.firmware.get()).isEqualTo(NewVm.Firmware.BIOS);
            g.passCard.set(true); // were it chosen all the same, the plan refuses it
            assertThat(g.problem(Page.GPU, g.verdict())).isEqualTo("No IOMMU: no device can be passed through. Enable VT-d.");
        } finally {
            TestHosts.close(host);
        }
    }
}
