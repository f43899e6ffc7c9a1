package dev.vireo.app.gpu;

import dev.vireo.bridge.model.Xml;
import java.util.Locale;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The machine a passed-through card wants: a q35 machine (PCI Express) and UEFI firmware, told
 * from a domain definition and set in it as a patch ({@link PassthroughPlan}'s q35 and UEFI
 * options, decision 12). What either cannot keep goes; everything else stays.
 */
public final class MachineChange {

    private MachineChange() {
    }

    /** Whether a definition has a q35 machine and boots with UEFI (what {@link #apply} would change). */
    public record Machine(boolean q35, boolean uefi) {

        public static Machine of(String xml) {
            Element domain = Xml.parse(xml).getDocumentElement();
            return new Machine(isQ35(domain), usesUefi(domain));
        }
    }

    /** {@code xml} made q35 and/or UEFI where it is not (the pass-through plan's q35 and UEFI options). */
    static String apply(String xml, boolean q35, boolean uefi) {
        Document doc = Xml.parse(xml);
        if (q35 && !isQ35(doc.getDocumentElement())) {
            toQ35(doc.getDocumentElement());
        }
        if (uefi && !usesUefi(doc.getDocumentElement())) {
            toUefi(doc.getDocumentElement());
        }
        return Xml.serialize(doc);
    }

    /**
     * Makes an i440FX machine q35: the machine type, and what q35 cannot take or places itself. The
     * devices' own PCI and drive addresses go (libvirt assigns PCI Express ones at define), so do
     * the PCI controllers (pci-root and bridges; q35 brings pcie-root and root ports) and the IDE
     * controller (q35 has none: IDE disks and CD-ROMs move to SATA). Everything else stays.
     */
    static void toQ35(Element domain) {
        Element type = Xml.child(Xml.child(domain, "os"), "type");
        type.setAttribute("machine", "q35");
        Element devices = Xml.child(domain, "devices");
        if (devices == null) {
            return;
        }
        java.util.Set<String> targets = new java.util.HashSet<>();
        for (Element d : Xml.children(devices)) {
            Element target = d.getTagName().equals("disk") ? Xml.child(d, "target") : null;
            if (target != null) {
                targets.add(target.getAttribute("dev"));
            }
        }
        for (Element d : Xml.children(devices)) {
            String kind = d.getAttribute("type");
            if (d.getTagName().equals("controller") && (kind.equals("pci") || kind.equals("ide"))) {
                PassthroughPlan.removeWithIndent(d);
                continue;
            }
            Element target = d.getTagName().equals("disk") ? Xml.child(d, "target") : null;
            if (target != null && "ide".equals(target.getAttribute("bus"))) {
                target.setAttribute("bus", "sata");
                String dev = target.getAttribute("dev");
                if (dev.startsWith("hd")) { // hda becomes sda, or the first sdX no other disk has
                    targets.remove(dev);
                    String sd = "sd" + dev.substring(2);
                    for (char c = 'a'; targets.contains(sd) && c <= 'z'; c++) {
                        sd = "sd" + c;
                    }
                    targets.add(sd);
                    target.setAttribute("dev", sd);
                }
            }
            Element address = Xml.child(d, "address");
            if (address != null && ("pci".equals(address.getAttribute("type")) || "drive".equals(address.getAttribute("type")))) {
                PassthroughPlan.removeWithIndent(address);
            }
        }
    }

    /**
     * Boots with UEFI: {@code firmware='efi'}, which lets libvirt pick the host's OVMF (and make the
     * VM's NVRAM), and ACPI, without which libvirt refuses UEFI; a BIOS loader named in the
     * definition (SeaBIOS) goes.
     */
    static void toUefi(Element domain) {
        Element os = Xml.child(domain, "os");
        for (Element e : Xml.children(os)) {
            if (e.getTagName().equals("loader") || e.getTagName().equals("nvram")) {
                PassthroughPlan.removeWithIndent(e);
            }
        }
        os.setAttribute("firmware", "efi");
        Element features = Xml.child(domain, "features");
        if (features == null) {
            features = domain.getOwnerDocument().createElement("features");
            domain.insertBefore(features, PassthroughPlan.firstOf(domain, "cpu", "clock", "on_poweroff", "on_reboot", "on_crash", "pm", "devices"));
        }
        if (Xml.child(features, "acpi") == null) { // libvirt: "UEFI requires ACPI on this architecture"
            features.insertBefore(domain.getOwnerDocument().createElement("acpi"), features.getFirstChild());
        }
    }

    static boolean isQ35(Element domain) {
        Element os = Xml.child(domain, "os");
        Element type = os == null ? null : Xml.child(os, "type");
        return type != null && type.getAttribute("machine").toLowerCase(Locale.ROOT).contains("q35");
    }

    static boolean usesUefi(Element domain) {
        Element os = Xml.child(domain, "os");
        if (os == null) {
            return false;
        }
        if ("efi".equals(os.getAttribute("firmware"))) {
            return true;
        }
        Element loader = Xml.child(os, "loader");
        return loader != null && ("pflash".equals(loader.getAttribute("type"))
                || loader.getTextContent().toLowerCase(Locale.ROOT).contains("ovmf"));
    }
}
