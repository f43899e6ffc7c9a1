package dev.vireo.app.newvm;

import dev.vireo.app.gpu.PassthroughPlan;
import dev.vireo.bridge.model.Xml;
import java.util.Set;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A VM to create: the choices, its disk, whether to start it, the domain XML the user edited in
 * the summary ("customize before install") or null to build it from the choices, and the graphics
 * card passed through to it, or null for none.
 */
public record CreationRequest(NewVm vm, DiskChoice disk, boolean start, String customXml, GpuChoice gpu) {

    public CreationRequest {
        java.util.Objects.requireNonNull(vm, "vm");
        disk = disk == null ? new DiskChoice.None() : disk;
    }

    /** Without a graphics card. */
    public CreationRequest(NewVm vm, DiskChoice disk, boolean start, String customXml) {
        this(vm, disk, start, customXml, null);
    }

    /** The same request with {@code card} (null: none). */
    public CreationRequest withGpu(GpuChoice card) {
        return new CreationRequest(vm, disk, start, customXml, card);
    }

    /**
     * The domain XML with the disk at {@code diskPath} (the new volume's path once it exists; the
     * path it is expected at before): the XML the choices make, patched to pass the card through,
     * or the user's own XML as it is.
     */
    public String domainXml(String diskPath) {
        if (customXml != null) {
            return customXml;
        }
        String xml = DomainXmlBuilder.build(withDisk(vm, diskPath));
        return gpu == null ? xml : gpu.plan(xml, vm.name()).after();
    }

    /** What passing the card through changes in the XML the choices make, with its refusals and warnings; null without a card. */
    public PassthroughPlan gpuPlan() {
        return gpu == null ? null : gpu.plan(DomainXmlBuilder.build(vm), vm.name());
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
