package dev.vireo.app.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.model.GpuReadiness;
import dev.vireo.bridge.model.HostGpus;
import dev.vireo.bridge.testing.TestHosts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pass-through plans for the cards of the gpus.xml test host: golden files of the planned XML
 * (regenerate with {@code -Dvireo.updateGolden=true}), each valid under libvirt's schema
 * ({@code virt-xml-validate}), each a patch that only adds to the VM's definition; and the
 * refusals and warnings where they belong.
 */
class PassthroughPlanTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden/gpu");
    private static HostConnection host;
    private static HostGpus gpus;
    private static GpuReadiness readiness;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        host = TestHosts.open("gpus.xml");
        gpus = host.gpus().inventory().join();
        readiness = host.gpus().readiness().join();
    }

    @AfterAll
    static void close() {
        TestHosts.close(host);
    }

    private static HostGpus.Gpu card(String address) {
        return gpus.gpus().stream().filter(g -> g.device().address().equals(address)).findFirst().orElseThrow();
    }

    private static String vm(String file) throws IOException {
        return Files.readString(Path.of("src/test/resources/gpu/" + file));
    }

    @Test
    void theQuadroWithItsAudioAndTheHypervisorHidden() throws Exception {
        PassthroughPlan plan = PassthroughPlan.of(vm("win10-cad.xml"), "win10-cad", false, card("0000:05:00.0"), readiness,
                PassthroughPlan.Options.defaults());
        assertThat(plan.refusals()).isEmpty();
        assertThat(plan.warnings()).containsExactly("The card is also given to cad-ws: only one of them can run at a time.");
        golden("quadro-all-functions", plan.after());
        assertOnlyAdds(plan);
        assertThat(plan.after()).contains("<hidden state=\"on\"/>").contains("<vendor_id state=\"on\" value=\"vireo-kvm-hv\"/>")
                .contains("<ioapic driver=\"kvm\"/>").contains("<relaxed state=\"on\"/>")
                .contains("<app:note xmlns:app=\"http://example.org/cad\">kept as it is</app:note>");
        assertThat(plan.diff()).contains("+        <address bus=\"0x05\" domain=\"0x0000\" function=\"0x1\" slot=\"0x00\"/>");
    }

    @Test
    void theGpuOnlyWithoutRomBarFromAFileAndNotHidden() throws Exception {
        PassthroughPlan plan = PassthroughPlan.of(vm("old-bios.xml"), "old-bios", false, card("0000:0a:00.0"), readiness,
                new PassthroughPlan.Options(PassthroughPlan.Functions.ONLY, PassthroughPlan.Hide.OFF, false,
                        "/var/lib/libvirt/vbios/a4000.rom", false));
        assertThat(plan.refusals()).isEmpty();
        assertThat(plan.warnings()).containsExactly(
                "Only the GPU goes to the VM; its other functions (0000:0a:00.1) stay with the host, which some drivers do not like.",
                "The VM has an i440FX machine: q35 (PCI Express) suits a passed-through card better.",
                "The VM boots with BIOS: most cards of the last decade want UEFI (OVMF).",
                "The VM has no console (graphics): only the card's own outputs will show it.");
        golden("a4000-gpu-only", plan.after());
        assertOnlyAdds(plan);
        assertThat(plan.after()).doesNotContain("<features>").contains("<rom bar=\"off\" file=\"/var/lib/libvirt/vbios/a4000.rom\"/>")
                .contains("managed=\"no\"");
    }

    /**
     * An i440FX BIOS machine as libvirt writes it (PCI and drive addresses, IDE, SeaBIOS named)
     * made q35 and UEFI when the user agrees: only what q35 and UEFI cannot keep changes.
     */
    @Test
    void madeQ35AndUefiWhenTheUserAgrees() throws Exception {
        PassthroughPlan kept = PassthroughPlan.of(vm("i440fx-ide.xml"), "i440fx-ide", false, card("0000:0a:00.0"), readiness,
                PassthroughPlan.Options.defaults());
        assertThat(kept.after()).contains("machine=\"pc-i440fx-7.2\"").doesNotContain("firmware=");
        assertOnlyAdds(kept);

        PassthroughPlan plan = PassthroughPlan.of(vm("i440fx-ide.xml"), "i440fx-ide", false, card("0000:0a:00.0"), readiness,
                PassthroughPlan.Options.defaults().withMachine(true, true));
        assertThat(plan.refusals()).isEmpty();
        assertThat(plan.warnings()).containsExactly(
                "The machine becomes q35: libvirt gives the devices new PCI Express addresses and IDE disks move to SATA,"
                        + " so a Windows guest may find new hardware once.",
                "The VM will boot with UEFI: a system installed with BIOS does not boot that way (switch before installing).");
        golden("i440fx-to-q35-uefi", plan.after());
        String after = plan.after();
        assertThat(after).contains("<type arch=\"x86_64\" machine=\"q35\">hvm</type>").contains("<os firmware=\"efi\">")
                .doesNotContain("seabios").doesNotContain("type=\"ide\"").doesNotContain("bus=\"ide\"")
                .doesNotContain("pci-root").doesNotContain("type=\"drive\"").doesNotContain("slot=\"0x01\"")
                .contains("<target bus=\"sata\" dev=\"sda\"/>").contains("<target bus=\"sata\" dev=\"sdb\"/>")
                .contains("<target bus=\"sata\" dev=\"sdc\"/>") // the SATA disk keeps its name; hdc took the next free one
                .contains("<address bus=\"0\" port=\"1\" type=\"usb\"/>") // not a PCI address: kept
                .contains("<address bus=\"0x0a\" domain=\"0x0000\" function=\"0x0\" slot=\"0x00\"/>") // the card's source
                .contains("<ioapic driver=\"kvm\"/>") // hiding on q35
                .contains("<app:note xmlns:app=\"http://example.org/cad\">kept as it is</app:note>")
                .contains("<mac address=\"52:54:00:3a:11:02\"/>").contains("<source network=\"default\"/>");
        // only what was asked for: the defaults leave an i440FX VM as it was
        PassthroughPlan q35Only = PassthroughPlan.of(vm("i440fx-ide.xml"), "i440fx-ide", false, card("0000:0a:00.0"), readiness,
                PassthroughPlan.Options.defaults().withMachine(true, false));
        assertThat(q35Only.after()).contains("machine=\"q35\"").contains("seabios").doesNotContain("firmware=");
        assertValid("q35-only", q35Only.after());
        // libvirt refuses UEFI without ACPI: a definition without features gets it
        PassthroughPlan uefi = PassthroughPlan.of(vm("old-bios.xml"), "old-bios", false, card("0000:0a:00.0"), readiness,
                PassthroughPlan.Options.defaults().withMachine(false, true));
        assertThat(uefi.after()).contains("<os firmware=\"efi\">").contains("<features>\n    <acpi/>");
        assertValid("uefi-acpi", uefi.after());
    }

    @Test
    void refusals() throws Exception {
        PassthroughPlan shared = PassthroughPlan.of(vm("win10-cad.xml"), "win10-cad", false, card("0000:01:00.0"), readiness,
                PassthroughPlan.Options.defaults());
        assertThat(shared.refusals()).containsExactly("The card's IOMMU group 1 also holds 0000:03:00.0: all of a group goes to"
                + " one VM. Move the card to a slot wired to the CPU.");
        PassthroughPlan running = PassthroughPlan.of(vm("win10-cad.xml"), "win10-cad", true, card("0000:0a:00.0"), readiness,
                PassthroughPlan.Options.defaults());
        assertThat(running.refusals()).containsExactly("“win10-cad” is running: shut it down first (a card is passed through"
                + " when the VM starts).");
        PassthroughPlan vgpu = PassthroughPlan.of(vm("win10-cad.xml"), "win10-cad", false, card("0000:0b:00.0"), readiness,
                PassthroughPlan.Options.defaults());
        assertThat(vgpu.refused()).isTrue();
        PassthroughPlan twice = PassthroughPlan.of(PassthroughPlan.of(vm("win10-cad.xml"), "win10-cad", false,
                card("0000:0a:00.0"), readiness, PassthroughPlan.Options.defaults()).after(), "win10-cad", false,
                card("0000:0a:00.0"), readiness, PassthroughPlan.Options.defaults());
        assertThat(twice.refusals()).contains("0000:0a:00.0 is already passed through to “win10-cad”.");
    }

    @Test
    void withoutTheCardTheHostdevsGoAndTheRestStays() throws Exception {
        PassthroughPlan plan = PassthroughPlan.of(vm("win10-cad.xml"), "win10-cad", false, card("0000:05:00.0"), readiness,
                PassthroughPlan.Options.defaults());
        String detached = PassthroughPlan.withoutCard(plan.after(), card("0000:05:00.0"));
        assertThat(detached).doesNotContain("<hostdev").contains("<hidden state=\"on\"/>").contains("win10-cad.qcow2");
        assertValid("detached", detached);
    }

    @Test
    void aVgpuWithItsPictureInTheConsole() throws Exception {
        PassthroughPlan plan = PassthroughPlan.ofVgpu(vm("win10-cad.xml"), "win10-cad", false,
                "6a1f2c3e-5b7d-4e21-9c4a-0d3e8f1a2b61", true);
        assertThat(plan.refusals()).isEmpty();
        golden("vgpu-display", plan.after());
        assertOnlyAdds(plan);
        assertThat(PassthroughPlan.hasVgpu(plan.after(), "6A1F2C3E-5B7D-4E21-9C4A-0D3E8F1A2B61")).isTrue();
        String taken = PassthroughPlan.withoutVgpu(plan.after(), "6a1f2c3e-5b7d-4e21-9c4a-0d3e8f1a2b61");
        assertThat(PassthroughPlan.hasVgpu(taken, "6a1f2c3e-5b7d-4e21-9c4a-0d3e8f1a2b61")).isFalse();
        assertThat(taken).doesNotContain("type=\"mdev\"").contains("win10-cad.qcow2").contains("kept as it is");
        PassthroughPlan headless = PassthroughPlan.ofVgpu(vm("old-bios.xml"), "old-bios", false,
                "6a1f2c3e-5b7d-4e21-9c4a-0d3e8f1a2b61", true);
        assertThat(headless.warnings()).containsExactly("The VM has no graphics for the vGPU's picture: added without display.");
        assertThat(headless.after()).contains("display=\"off\"").doesNotContain("ramfb");
        assertValid("vgpu-headless", headless.after());
    }

    /** Applied through libvirt (the test driver) and taken back: the card's users follow. */
    @Test
    void appliedAndTakenBackThroughLibvirt() {
        var plain = TestHosts.byName(host, "plain");
        String xml = host.operations().inactiveDefinition(plain).join();
        PassthroughPlan plan = PassthroughPlan.of(xml, "plain", false, card("0000:0a:00.0"), readiness,
                PassthroughPlan.Options.defaults());
        host.provisioning().redefine("plain", plain.uuid(), plan.after()).join();
        HostGpus.Gpu a4000 = host.gpus().inventory().join().gpus().stream()
                .filter(g -> g.device().address().equals("0000:0a:00.0")).findFirst().orElseThrow();
        assertThat(a4000.usedBy()).containsExactly("plain");
        assertThat(PassthroughPlan.passesThrough(host.operations().inactiveDefinition(plain).join(), a4000)).isTrue();

        host.provisioning().redefine("plain", plain.uuid(),
                PassthroughPlan.withoutCard(host.operations().inactiveDefinition(plain).join(), a4000)).join();
        assertThat(host.gpus().inventory().join().gpus().stream().filter(g -> g.device().address().equals("0000:0a:00.0"))
                .findFirst().orElseThrow().usedBy()).isEmpty();
    }

    private void golden(String name, String xml) throws Exception {
        Path golden = GOLDEN.resolve(name + ".xml");
        if (Boolean.getBoolean("vireo.updateGolden")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, xml);
        }
        assertThat(xml).as(name).isEqualTo(Files.readString(golden));
        assertValid(name, xml);
    }

    /** Nothing of the VM's definition is removed or changed: every line of the diff is an addition. */
    private static void assertOnlyAdds(PassthroughPlan plan) {
        assertThat(plan.diff().lines().filter(l -> l.startsWith("-"))).as(plan.diff()).isEmpty();
        assertThat(plan.diff().lines().filter(l -> l.startsWith("+"))).isNotEmpty();
    }

    private void assertValid(String name, String xml) throws IOException, InterruptedException {
        Path file = dir.resolve(name + ".xml");
        Files.writeString(file, xml);
        Process p = new ProcessBuilder("virt-xml-validate", file.toString(), "domain").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(name + " against libvirt's domain schema: " + out).isZero();
    }
}
