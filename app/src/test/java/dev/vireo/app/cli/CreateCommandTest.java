package dev.vireo.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.app.XdgDirs;
import dev.vireo.bridge.model.Xml;
import dev.vireo.bridge.testing.TestHosts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import picocli.CommandLine;

/**
 * {@code vireo create} on the project's provisioning.xml test host. Each run opens its own
 * test-driver connection, so what one run creates is gone for the next.
 */
class CreateCommandTest {

    @TempDir
    Path home;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        XdgDirs dirs = new XdgDirs(home.resolve("config"), home.resolve("state"), home.resolve("cache"));
        CommandLine cl = VireoCommand.create(dirs, launch -> { });
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static final String HOST = TestHosts.uri("provisioning.xml");

    @Test
    void dryRunPrintsTheDomainXmlWithEveryChoice() {
        Run r = run("create", "--connect", HOST, "--name", "lab \"01\" & <ü>", "--memory", "768", "--vcpus", "2",
                "--os", "debian11", "--cdrom", "installer.iso", "--disk", "pool=default,size=4",
                "--network", "isolated", "--graphics", "spice,listen=0.0.0.0,port=5911,password=pw'\"<&",
                "--video", "qxl,heads=3", "--machine", "pc", "--dry-run");

        assertThat(r.code()).as(r.err()).isZero();
        Element domain = Xml.parse(r.out()).getDocumentElement();
        assertThat(Xml.text(domain, "name")).isEqualTo("lab \"01\" & <ü>");
        assertThat(Xml.text(domain, "memory")).isEqualTo("768");
        assertThat(Xml.text(domain, "vcpu")).isEqualTo("2");
        assertThat(domain.getAttribute("type")).isEqualTo("test"); // what the test driver offers
        assertThat(r.out()).contains("machine=\"pc\"")
                .contains("<source file=\"/var/lib/libvirt/images/installer.iso\"/>")
                .contains("<source file=\"/var/lib/libvirt/images/lab-01-ü.qcow2\"/>")
                .contains("<source network=\"isolated\"/>")
                .contains("<libosinfo:os id=\"http://debian.org/debian/11\"/>")
                .contains("heads=\"3\"");
        Element graphics = (Element) domain.getElementsByTagName("graphics").item(0);
        assertThat(graphics.getAttribute("port")).isEqualTo("5911");
        assertThat(graphics.getAttribute("passwd")).isEqualTo("pw'\"<&");
        assertThat(((Element) graphics.getElementsByTagName("listen").item(0)).getAttribute("address")).isEqualTo("0.0.0.0");
    }

    @Test
    void createsAndStartsWithAGeneratedPasswordShownOnce() {
        Run r = run("create", "--connect", HOST, "--name", "kernel-vm", "--memory", "512",
                "--kernel", "/var/lib/libvirt/images/vmlinuz", "--initrd", "/var/lib/libvirt/images/initrd.gz",
                "--cmdline", "console=ttyS0", "--graphics", "spice,listen=0.0.0.0,port=5920,password=generate",
                "--video", "qxl,heads=2");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("[1/3] Checking Test host (provisioning.xml)", "[2/3] Defining “kernel-vm”",
                "[3/3] Starting “kernel-vm”");
        assertThat(r.out()).contains("Created kernel-vm (").contains("on Test host (provisioning.xml), running.")
                .contains("on port 5920").contains("The host's firewall must allow TCP port 5920.")
                .doesNotContain("Disk:");
        assertThat(r.out()).containsPattern("SPICE password: [a-km-zA-HJ-NP-Z2-9]{12} \\(shown this once");
    }

    @Test
    void refusalsComeBeforeAnythingIsCreatedInOneLine() {
        Run r = run("create", "--connect", HOST, "--name", "taken", "--memory", "9000", "--pxe",
                "--disk", "pool=small,size=7");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines().filter(l -> l.startsWith("vireo:")).toList()).containsExactly(
                "vireo: Could not create “taken”: The name “taken” is taken: Test host (provisioning.xml) already has a virtual"
                        + " machine of that name. 9000 MiB of memory is more than Test host (provisioning.xml) has (8 GiB)."
                        + " The pool “small” has 6 GiB free: a 7 GiB disk does not fit.");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void badOptionsSayWhatIsWrong() {
        assertThat(run("create", "--connect", HOST, "--name", "a", "--pxe", "--graphics", "vnc").err())
                .contains("--graphics: only spice or none");
        assertThat(run("create", "--connect", HOST, "--name", "a", "--pxe", "--video", "qxl,heads=5").err())
                .contains("--video: heads must be 1 to 4");
        assertThat(run("create", "--connect", HOST, "--name", "a", "--pxe", "--network", "nosuch").err())
                .contains("--network: the host has no virtual network “nosuch” (it has: default, isolated).");
        assertThat(run("create", "--connect", HOST, "--name", "a", "--os", "debian12", "--pxe").err())
                .contains("No operating system “debian12” in the osinfo database (newest like it: debian11,");
        assertThat(run("create", "--connect", HOST, "--name", "a", "--cdrom", "nothing.iso").err())
                .contains("--cdrom: no volume or file “nothing.iso” on this host.");
        Run both = run("create", "--connect", HOST, "--name", "a", "--pxe", "--kernel", "/k");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
        assertThat(run("create", "--connect", HOST, "--name", "a", "--import-disk", "existing.qcow2",
                "--firmware", "uefi").err()).contains("has no UEFI firmware");
    }

    @Test
    void aGraphicsCardWithItsAudioAndTheHypervisorHiddenOrRefused() {
        String gpus = TestHosts.uri("gpus.xml");
        Run r = run("create", "--connect", gpus, "--name", "cad-02", "--kernel", "/var/lib/libvirt/boot/vmlinuz",
                "--gpu", "pci_0000_05_00_0", "--dry-run");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("<address bus=\"0x05\" domain=\"0x0000\" function=\"0x0\" slot=\"0x00\"/>")
                .contains("<address bus=\"0x05\" domain=\"0x0000\" function=\"0x1\" slot=\"0x00\"/>")
                .contains("<hidden state=\"on\"/>").contains("<graphics autoport=\"yes\"");
        assertThat(r.err()).contains("vireo: warning: The card is also given to cad-ws: only one of them can run at a time.");

        Run shared = run("create", "--connect", gpus, "--name", "cad-03", "--kernel", "/var/lib/libvirt/boot/vmlinuz",
                "--gpu", "01:00.0", "--dry-run");
        assertThat(shared.code()).isEqualTo(1);
        assertThat(shared.err()).contains("Would not create “cad-03”: The card's IOMMU group 1 also holds 0000:03:00.0");
    }
}
