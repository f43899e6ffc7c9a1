package dev.vireo.app.newvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.app.newvm.NewVm.Display;
import dev.vireo.app.newvm.NewVm.Firmware;
import dev.vireo.app.newvm.NewVm.Network;
import dev.vireo.app.newvm.NewVm.Source;
import dev.vireo.bridge.model.DomainDescription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The new-VM domain XML for the main combinations: compared with golden files (regenerate with
 * {@code -Dvireo.updateGolden=true}) and each validated against libvirt's schema with
 * {@code virt-xml-validate} (libvirt-clients, installed by {@code ./vireo test}).
 */
class DomainXmlBuilderTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden/newvm");

    @TempDir
    Path dir;

    static Map<String, NewVm> cases() {
        Map<String, NewVm> cases = new TreeMap<>();
        cases.put("iso-q35-uefi", new NewVm("debian12-desktop", "Debian 12 desktop", "http://debian.org/debian/12", "kvm",
                "q35", Firmware.UEFI, 4096, 2, new Source.Cdrom("/var/lib/libvirt/images/debian-12.iso"),
                "/var/lib/libvirt/images/debian12-desktop.qcow2", true, new Network(Network.Kind.NETWORK, "default", "virtio"),
                new Display(1, "127.0.0.1", 0, false, null, true, 2), true));
        cases.put("kernel-lab-public", new NewVm("lab-seat-07", "", null, "qemu", "q35", Firmware.BIOS, 512, 1,
                new Source.Kernel("/var/lib/libvirt/images/vmlinuz", "/var/lib/libvirt/images/initrd.gz", "console=ttyS0 vga=0x318"),
                null, true, null, new Display(2, "0.0.0.0", 5907, true, "s3cret-pw", true, 0), false));
        cases.put("import-pc-bios", new NewVm("win10-cad", "", "http://microsoft.com/win/10", "kvm", "pc", Firmware.BIOS, 8192, 4,
                new Source.ImportDisk(), "/srv/images/win10.img", false, new Network(Network.Kind.BRIDGE, "br0", "e1000e"),
                new Display(4, "192.0.2.10", 0, false, null, false, 2), false));
        cases.put("pxe-awkward-name", new NewVm("web \"01\" & <lab> – Ünïcødé 虚拟机", "R&D <test> “VM”", null, "qemu", "q35",
                Firmware.BIOS, 1024, 1, new Source.Pxe(), "/var/lib/libvirt/images/web01.qcow2", true,
                new Network(Network.Kind.NETWORK, "isolated", "virtio"), new Display(1, "127.0.0.1", 0, false, null, true, 2), true));
        return cases;
    }

    @Test
    void everyCaseMatchesItsGoldenFileAndLibvirtsSchema() throws Exception {
        boolean update = Boolean.getBoolean("vireo.updateGolden");
        for (Map.Entry<String, NewVm> c : cases().entrySet()) {
            String xml = DomainXmlBuilder.build(c.getValue());
            Path golden = GOLDEN.resolve(c.getKey() + ".xml");
            if (update) {
                Files.createDirectories(GOLDEN);
                Files.writeString(golden, xml);
            }
            assertThat(xml).as(c.getKey()).isEqualTo(Files.readString(golden));
            assertValid(c.getKey(), xml);
        }
    }

    @Test
    void awkwardNamesRoundTrip() {
        NewVm vm = cases().get("pxe-awkward-name");
        DomainDescription parsed = DomainDescription.parse(DomainXmlBuilder.build(vm));
        assertThat(parsed.name()).isEqualTo(vm.name());
        assertThat(parsed.title()).isEqualTo(vm.title());
        assertThat(parsed.hasSpice()).isTrue();
        assertThat(parsed.videoModels()).containsExactly("qxl");
        assertThat(parsed.memoryMiB()).isEqualTo(1024);
    }

    private void assertValid(String name, String xml) throws IOException, InterruptedException {
        Path file = dir.resolve(name + ".xml");
        Files.writeString(file, xml);
        Process p = new ProcessBuilder("virt-xml-validate", file.toString(), "domain").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(name + " against libvirt's domain schema: " + out).isZero();
    }
}
