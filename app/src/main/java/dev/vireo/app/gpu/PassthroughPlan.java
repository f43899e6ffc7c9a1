package dev.vireo.app.gpu;

import dev.vireo.bridge.model.GpuReadiness;
import dev.vireo.bridge.model.HostGpus;
import dev.vireo.bridge.model.Xml;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What passing a graphics card through to a VM changes in its definition, worked out before
 * anything is applied: the card's functions as {@code <hostdev>}s (ROM BAR, ROM file, managed
 * detach), and for NVIDIA cards the features that hide the hypervisor from the guest driver. The
 * VM's own XML is patched in place, so everything Vireo does not model stays as it was; the
 * QXL/SPICE console is left alone. Refusals stop the plan; warnings are told and let it go on.
 */
public record PassthroughPlan(List<String> refusals, List<String> warnings, String before, String after) {

    /** {@code functions}: the card's other functions too (its HDMI audio), or the GPU only. */
    public enum Functions { ALL, ONLY }

    /** AUTO: on for NVIDIA cards, whose older drivers refuse to run under a hypervisor they detect. */
    public enum Hide { AUTO, ON, OFF }

    /**
     * {@code toQ35} and {@code toUefi}: the machine made q35 and the firmware UEFI where they are
     * not (off by default for a VM that exists: a system installed with BIOS does not boot with UEFI).
     */
    public record Options(Functions functions, Hide hide, boolean romBar, String romFile, boolean managed, boolean toQ35,
            boolean toUefi) {

        public Options(Functions functions, Hide hide, boolean romBar, String romFile, boolean managed) {
            this(functions, hide, romBar, romFile, managed, false, false);
        }

        public static Options defaults() {
            return new Options(Functions.ALL, Hide.AUTO, true, null, true);
        }

        public Options withMachine(boolean q35, boolean uefi) {
            return new Options(functions, hide, romBar, romFile, managed, q35, uefi);
        }
    }

    /** The vendor id libvirt puts where Hyper-V says "Microsoft Hv" (at most 12 characters). */
    static final String VENDOR_ID = "vireo-kvm-hv";

    private static final String NVIDIA = "10de";

    public boolean refused() {
        return !refusals.isEmpty();
    }

    /** The change as a unified diff of the definition (before and after written the same way). */
    public String diff() {
        return LineDiff.unified(before, after);
    }

    /**
     * @param inactiveXml the VM's persistent definition
     * @param vmName the VM's name; {@code vmActive} whether it runs
     * @param readiness the host's and the card's checks, null when not known
     */
    public static PassthroughPlan of(String inactiveXml, String vmName, boolean vmActive, HostGpus.Gpu card,
            GpuReadiness readiness, Options options) {
        List<String> refusals = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Draft draft = Draft.of(inactiveXml);
        Document doc = draft.doc();
        Element domain = doc.getDocumentElement();
        Element devices = draft.devices();
        String before = draft.before();

        if (vmActive) {
            refusals.add("“" + vmName + "” is running: shut it down first (a card is passed through when the VM starts).");
        }
        if (readiness != null) {
            readiness.host().stream().filter(c -> c.verdict() == GpuReadiness.Verdict.PROBLEM)
                    .forEach(c -> refusals.add(c.finding() + " " + c.fix()));
        }
        if (card.iommuGroup() >= 0 && !card.isolated()) {
            refusals.add("The card's IOMMU group " + card.iommuGroup() + " also holds " + String.join(", ", card.strangers())
                    + ": all of a group goes to one VM. Move the card to a slot wired to the CPU.");
        }
        List<String> others = card.usedBy().stream().filter(vm -> !vm.equals(vmName)).toList();
        if (!others.isEmpty()) {
            warnings.add("The card is also given to " + String.join(", ", others) + ": only one of them can run at a time.");
        }
        if (!card.mdevs().isEmpty()) {
            refusals.add("The card has vGPUs (mediated devices) made from it: remove them before passing the whole card"
                    + " through, or give the VM a vGPU instead.");
        }

        List<HostGpus.PciFunction> functions = new ArrayList<>();
        functions.add(card.device());
        if (options.functions() == Functions.ALL) {
            functions.addAll(card.functions());
        } else if (!card.functions().isEmpty()) {
            warnings.add("Only the GPU goes to the VM; its other functions ("
                    + String.join(", ", card.functions().stream().map(HostGpus.PciFunction::address).toList())
                    + ") stay with the host, which some drivers do not like.");
        }
        for (HostGpus.PciFunction f : functions) {
            if (hasHostdev(devices, f.address())) {
                refusals.add(f.address() + " is already passed through to “" + vmName + "”.");
                continue;
            }
            devices.appendChild(hostdev(doc, f, f == card.device() ? options : null, options.managed()));
        }

        if (options.toQ35() && !MachineChange.isQ35(domain)) {
            MachineChange.toQ35(domain);
            warnings.add("The machine becomes q35: libvirt gives the devices new PCI Express addresses and IDE disks"
                    + " move to SATA, so a Windows guest may find new hardware once.");
        }
        if (options.toUefi() && !MachineChange.usesUefi(domain)) {
            MachineChange.toUefi(domain);
            warnings.add("The VM will boot with UEFI: a system installed with BIOS does not boot that way (switch before"
                    + " installing).");
        }
        boolean hide = options.hide() == Hide.ON || options.hide() == Hide.AUTO && NVIDIA.equals(card.device().vendorId());
        if (hide) {
            hideHypervisor(doc, domain, MachineChange.isQ35(domain));
        }
        if (!MachineChange.isQ35(domain)) {
            warnings.add("The VM has an i440FX machine: q35 (PCI Express) suits a passed-through card better.");
        }
        if (!MachineChange.usesUefi(domain)) {
            warnings.add("The VM boots with BIOS: most cards of the last decade want UEFI (OVMF).");
        }
        if (Xml.child(devices, "graphics") == null) {
            warnings.add("The VM has no console (graphics): only the card's own outputs will show it.");
        }
        String after = readable(doc);
        return new PassthroughPlan(List.copyOf(refusals), List.copyOf(warnings), before, after);
    }

    /**
     * A vGPU (the mediated device {@code uuid}) for the VM: with {@code display}, its picture in
     * the VM's console ({@code display='on'}, and {@code ramfb} for the firmware's boot screen),
     * which needs the VM to have graphics.
     */
    public static PassthroughPlan ofVgpu(String inactiveXml, String vmName, boolean vmActive, String uuid, boolean display) {
        List<String> refusals = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Draft draft = Draft.of(inactiveXml);
        Document doc = draft.doc();
        Element domain = doc.getDocumentElement();
        Element devices = draft.devices();
        String before = draft.before();
        if (vmActive) {
            refusals.add("“" + vmName + "” is running: shut it down first.");
        }
        boolean graphics = Xml.child(devices, "graphics") != null;
        if (display && !graphics) {
            warnings.add("The VM has no graphics for the vGPU's picture: added without display.");
        }
        if (Xml.children(devices).stream().anyMatch(d -> isVgpu(d, uuid))) {
            refusals.add("The vGPU " + uuid + " is already given to “" + vmName + "”.");
        }
        Element h = doc.createElement("hostdev");
        h.setAttribute("mode", "subsystem");
        h.setAttribute("type", "mdev");
        h.setAttribute("model", "vfio-pci");
        boolean on = display && graphics;
        h.setAttribute("display", on ? "on" : "off");
        if (on) {
            h.setAttribute("ramfb", "on");
        }
        Xml.append(Xml.append(h, "source", null), "address", null).setAttribute("uuid", uuid);
        devices.appendChild(h);
        return new PassthroughPlan(List.copyOf(refusals), List.copyOf(warnings), before, readable(doc));
    }

    /**
     * The definition without the card's functions ({@code <hostdev>}s whose source is one of them);
     * the features that hide the hypervisor stay (other cards may need them).
     */
    public static String withoutCard(String inactiveXml, HostGpus.Gpu card) {
        Document doc = Xml.parse(inactiveXml);
        Element devices = Xml.child(doc.getDocumentElement(), "devices");
        List<String> addresses = new ArrayList<>();
        addresses.add(card.device().address());
        card.functions().forEach(f -> addresses.add(f.address()));
        if (devices != null) {
            for (Element d : Xml.children(devices)) {
                if (d.getTagName().equals("hostdev") && "pci".equals(d.getAttribute("type"))
                        && addresses.contains(sourceAddress(d))) {
                    removeWithIndent(d);
                }
            }
        }
        return Xml.serialize(doc);
    }

    /** The definition without the vGPU {@code uuid} (its {@code <hostdev type='mdev'>}); the rest stays. */
    public static String withoutVgpu(String inactiveXml, String uuid) {
        Document doc = Xml.parse(inactiveXml);
        Element devices = Xml.child(doc.getDocumentElement(), "devices");
        if (devices != null) {
            for (Element d : Xml.children(devices)) {
                if (isVgpu(d, uuid)) {
                    removeWithIndent(d);
                }
            }
        }
        return Xml.serialize(doc);
    }

    /** Whether the definition gives the VM the vGPU {@code uuid}. */
    public static boolean hasVgpu(String xml, String uuid) {
        Element devices = Xml.child(Xml.parse(xml).getDocumentElement(), "devices");
        return devices != null && Xml.children(devices).stream().anyMatch(d -> isVgpu(d, uuid));
    }

    private static boolean isVgpu(Element d, String uuid) {
        Element source = d.getTagName().equals("hostdev") && "mdev".equals(d.getAttribute("type")) ? Xml.child(d, "source") : null;
        Element a = source == null ? null : Xml.child(source, "address");
        return a != null && uuid.equalsIgnoreCase(a.getAttribute("uuid"));
    }

    /** The definition being patched, its devices (made if missing), and how it read before. */
    private record Draft(Document doc, Element devices, String before) {

        static Draft of(String xml) {
            Document doc = Xml.parse(xml);
            Element domain = doc.getDocumentElement();
            Element devices = Xml.child(domain, "devices");
            if (devices == null) {
                devices = Xml.append(domain, "devices", null);
            }
            return new Draft(doc, devices, readable(Xml.parse(xml)));
        }
    }

    /** One element a line, indented by two: the whitespace the definition had is dropped first. */
    static String readable(Document doc) {
        Document copy = (Document) doc.cloneNode(true);
        stripBlanks(copy.getDocumentElement());
        return Xml.serialize(copy, true).strip() + "\n";
    }

    private static void stripBlanks(Node node) {
        for (Node n = node.getFirstChild(); n != null; ) {
            Node next = n.getNextSibling();
            if (n.getNodeType() == Node.TEXT_NODE && n.getTextContent().isBlank()) {
                node.removeChild(n);
            } else if (n.getNodeType() == Node.ELEMENT_NODE) {
                stripBlanks(n);
            }
            n = next;
        }
    }

    /** Whether the definition passes any of the card's functions through. */
    public static boolean passesThrough(String xml, HostGpus.Gpu card) {
        Element devices = Xml.child(Xml.parse(xml).getDocumentElement(), "devices");
        if (devices == null) {
            return false;
        }
        if (hasHostdev(devices, card.device().address())) {
            return true;
        }
        return card.functions().stream().anyMatch(f -> hasHostdev(devices, f.address()));
    }

    private static Element hostdev(Document doc, HostGpus.PciFunction f, Options gpuOptions, boolean managed) {
        Element h = doc.createElement("hostdev");
        h.setAttribute("mode", "subsystem");
        h.setAttribute("type", "pci");
        h.setAttribute("managed", managed ? "yes" : "no");
        Xml.append(h, "driver", null).setAttribute("name", "vfio");
        Element address = Xml.append(Xml.append(h, "source", null), "address", null);
        String[] parts = f.address().split("[:.]");
        address.setAttribute("domain", "0x" + parts[0]);
        address.setAttribute("bus", "0x" + parts[1]);
        address.setAttribute("slot", "0x" + parts[2]);
        address.setAttribute("function", "0x" + parts[3]);
        if (gpuOptions != null) {
            Element rom = Xml.append(h, "rom", null);
            rom.setAttribute("bar", gpuOptions.romBar() ? "on" : "off");
            if (gpuOptions.romFile() != null && !gpuOptions.romFile().isBlank()) {
                rom.setAttribute("file", gpuOptions.romFile());
            }
        }
        return h;
    }

    /** KVM hidden, a Hyper-V vendor id of Vireo's own, and (on q35) the IOAPIC in KVM; what exists stays. */
    private static void hideHypervisor(Document doc, Element domain, boolean q35) {
        Element features = Xml.child(domain, "features");
        if (features == null) {
            features = doc.createElement("features");
            Element before = firstOf(domain, "cpu", "clock", "on_poweroff", "on_reboot", "on_crash", "pm", "devices");
            domain.insertBefore(features, before);
        }
        Element hyperv = Xml.child(features, "hyperv");
        if (hyperv == null) {
            hyperv = Xml.append(features, "hyperv", null);
            hyperv.setAttribute("mode", "custom");
        }
        Element vendor = Xml.child(hyperv, "vendor_id");
        if (vendor == null) {
            vendor = Xml.append(hyperv, "vendor_id", null);
        }
        vendor.setAttribute("state", "on");
        if (vendor.getAttribute("value").isEmpty()) {
            vendor.setAttribute("value", VENDOR_ID);
        }
        Element kvm = Xml.child(features, "kvm");
        if (kvm == null) {
            kvm = Xml.append(features, "kvm", null);
        }
        Element hidden = Xml.child(kvm, "hidden");
        if (hidden == null) {
            hidden = Xml.append(kvm, "hidden", null);
        }
        hidden.setAttribute("state", "on");
        if (q35 && Xml.child(features, "ioapic") == null) {
            Xml.append(features, "ioapic", null).setAttribute("driver", "kvm");
        }
    }

    static Element firstOf(Element parent, String... names) {
        for (Element e : Xml.children(parent)) {
            for (String n : names) {
                if (e.getTagName().equals(n)) {
                    return e;
                }
            }
        }
        return null;
    }

    private static boolean hasHostdev(Element devices, String address) {
        for (Element d : Xml.children(devices)) {
            if (d.getTagName().equals("hostdev") && "pci".equals(d.getAttribute("type")) && address.equals(sourceAddress(d))) {
                return true;
            }
        }
        return false;
    }

    private static String sourceAddress(Element hostdev) {
        Element source = Xml.child(hostdev, "source");
        Element a = source == null ? null : Xml.child(source, "address");
        return a == null ? "" : HostGpus.pciAddress(a);
    }

    /** Removes {@code e} and the whitespace before it, so the definition keeps its layout. */
    static void removeWithIndent(Element e) {
        Node before = e.getPreviousSibling();
        if (before != null && before.getNodeType() == Node.TEXT_NODE && before.getTextContent().isBlank()) {
            before.getParentNode().removeChild(before);
        }
        e.getParentNode().removeChild(e);
    }
}
