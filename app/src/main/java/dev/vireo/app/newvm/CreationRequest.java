package dev.vireo.app.newvm;

import dev.vireo.bridge.model.Xml;
import java.util.Set;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

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

    /**
     * The XML of a network install's first boot: {@code finalXml} patched to boot the installer's
     * kernel and initrd with {@code cmdline}, and to stop (not reboot) when the installer
     * restarts the machine, so the next start boots the disk. Everything else is kept.
     */
    public static String installXml(String finalXml, String kernel, String initrd, String cmdline) {
        Document doc = Xml.parse(finalXml);
        Element root = doc.getDocumentElement();
        Element os = Xml.child(root, "os");
        for (Element e : Xml.children(os)) {
            if (Set.of("boot", "kernel", "initrd", "cmdline").contains(e.getTagName())) {
                os.removeChild(e);
            }
        }
        Xml.append(os, "kernel", kernel);
        Xml.append(os, "initrd", initrd);
        if (cmdline != null && !cmdline.isBlank()) {
            Xml.append(os, "cmdline", cmdline.strip());
        }
        Element reboot = Xml.child(root, "on_reboot");
        if (reboot == null) {
            reboot = Xml.append(root, "on_reboot", null);
        }
        reboot.setTextContent("destroy");
        return Xml.serialize(doc, true);
    }

    static NewVm withDisk(NewVm vm, String diskPath) {
        return new NewVm(vm.name(), vm.title(), vm.osId(), vm.domainType(), vm.machine(), vm.firmware(), vm.memoryMiB(),
                vm.vcpus(), vm.source(), diskPath, vm.virtio(), vm.network(), vm.display(), vm.sound());
    }
}
