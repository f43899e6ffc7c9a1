package dev.vireo.app.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.bridge.model.Xml;
import dev.vireo.bridge.testing.TestBed;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.w3c.dom.Element;

/**
 * The q35 + UEFI change the pass-through plan offers, on the real libvirtd and QEMU of the test
 * bed: the test guest (an i440FX machine as libvirt filled it in, with its PCI addresses and
 * controllers) is patched, defined again and started, and boots with OVMF to its shell.
 */
class MachineChangeLiveIT {

    private static final int INACTIVE = 2; // VIR_DOMAIN_XML_INACTIVE

    @Test
    void anI440fxGuestMadeQ35AndUefiIsAcceptedAndBoots() throws Exception {
        TestBed bed = TestBed.require();
        String name = "vireo-q35-" + ProcessHandle.current().pid();
        // OVMF and the kernel do not fit in the test guest's 192 MiB: the guest faults before Linux starts
        bed.defineGuest(name, null, doc -> Xml.child(doc.getDocumentElement(), "memory").setTextContent("393216"));
        Connect c = new Connect("qemu:///system");
        try {
            Domain d = c.domainLookupByName(name);
            String before = d.getXMLDesc(INACTIVE);
            assertThat(before).contains("machine='pc-i440fx").contains("model='pci-root'").contains("type='pci'");

            c.domainDefineXML(MachineChange.apply(before, true, true));

            Element after = Xml.parse(d.getXMLDesc(INACTIVE)).getDocumentElement();
            Element os = Xml.child(after, "os");
            assertThat(Xml.child(os, "type").getAttribute("machine")).startsWith("pc-q35");
            assertThat(os.getAttribute("firmware")).isEqualTo("efi");
            String xml = Xml.serialize(after.getOwnerDocument());
            assertThat(xml).contains("model=\"pcie-root\"").contains("model=\"pcie-root-port\"").doesNotContain("pci-root\"")
                    .contains(bed.guestKernel()); // the rest stays: the guest's kernel, its serial log

            d.create();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(120)); // OVMF under TCG takes a while
            String log = "";
            while (!log.contains("vireo-testguest: ready") && Instant.now().isBefore(deadline)) {
                Thread.sleep(500);
                log = Files.exists(TestBed.serialLog(name)) ? Files.readString(TestBed.serialLog(name)) : "";
            }
            assertThat(log).as("the guest's serial log").contains("vireo-testguest: ready");
            assertThat(d.getXMLDesc(0)).contains("OVMF"); // libvirt picked the host's UEFI firmware
            d.free();
        } finally {
            c.close();
            TestBed.removeGuest(name);
        }
    }
}
