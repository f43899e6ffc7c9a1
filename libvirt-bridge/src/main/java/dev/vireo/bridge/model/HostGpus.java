package dev.vireo.bridge.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * A host's graphics cards as libvirt's node devices describe them: every display-class PCI device
 * (class 0x03), the other functions of its card (its HDMI audio), its IOMMU group and whether the
 * group holds anything but the card, its mediated-device types, the mediated devices made from it,
 * and the VMs that use each. Built from XML only (node devices and domain definitions), so it is the
 * same for a real host, a host over SSH and a test-driver file.
 */
public record HostGpus(List<Gpu> gpus) {

    /** A PCI function: {@code address} as lspci writes it with its domain ("0000:05:00.1"). */
    public record PciFunction(String nodeDevice, String address, int classCode, String vendorId, String productId,
            String vendor, String product, String driver) {

        /** The card: domain, bus and slot ("0000:05:00"). */
        public String card() {
            return address.substring(0, address.lastIndexOf('.'));
        }

        public boolean display() {
            return (classCode >> 16) == 0x03;
        }

        /** A PCI bridge (class 0x0604): VFIO lets a group hold one beside the devices passed through. */
        public boolean bridge() {
            return (classCode >> 8) == 0x0604;
        }
    }

    /** A mediated-device type a card offers (a vGPU profile). */
    public record MdevType(String id, String name, String deviceApi, int available) {
    }

    /** A mediated device made from a card, and the VMs whose definitions use it. */
    public record Mdev(String nodeDevice, String uuid, String typeId, List<String> usedBy) {
    }

    /**
     * One graphics card. {@code functions}: its other functions (the GPU itself excluded).
     * {@code groupMembers}: every address in its IOMMU group (-1: no IOMMU, then none).
     * {@code strangers}: group members that are neither this card's functions nor PCI bridges;
     * {@code isolated}: there is a group and it has none. {@code usedBy}: VMs that pass any of its
     * functions through.
     */
    public record Gpu(PciFunction device, List<PciFunction> functions, int iommuGroup, List<String> groupMembers,
            List<String> strangers, boolean isolated, List<MdevType> mdevTypes, List<Mdev> mdevs, List<String> usedBy) {

        public String name() {
            return device.nodeDevice();
        }

        /** The driver the host binds, or "unknown" (libvirt's test driver, and remote hosts that do not say). */
        public String driver() {
            return device.driver() == null || device.driver().isEmpty() ? "unknown" : device.driver();
        }

    }

    /**
     * @param pciDevices node-device XML of every PCI device
     * @param mdevDevices node-device XML of every mediated device
     * @param domains domain XML by VM name (for which VMs use what)
     */
    public static HostGpus parse(List<String> pciDevices, List<String> mdevDevices, Map<String, String> domains) {
        Map<String, PciFunction> byAddress = new java.util.TreeMap<>(); // by PCI address: libvirt lists devices in no fixed order
        Map<String, Integer> groupOf = new LinkedHashMap<>();
        Map<String, List<String>> membersOf = new LinkedHashMap<>();
        Map<String, List<MdevType>> typesOf = new LinkedHashMap<>();
        for (String xml : pciDevices) {
            Element device = Xml.parse(xml).getDocumentElement();
            Element pci = capability(device, "pci");
            if (pci == null) {
                continue;
            }
            String address = String.format(Locale.ROOT, "%04x:%02x:%02x.%x", number(Xml.text(pci, "domain")),
                    number(Xml.text(pci, "bus")), number(Xml.text(pci, "slot")), number(Xml.text(pci, "function")));
            Element vendor = Xml.child(pci, "vendor");
            Element product = Xml.child(pci, "product");
            Element driver = Xml.child(device, "driver");
            byAddress.put(address, new PciFunction(Xml.text(device, "name"), address, number(Xml.text(pci, "class")),
                    id(vendor), id(product), vendor == null ? "" : vendor.getTextContent().strip(),
                    product == null ? "" : product.getTextContent().strip(),
                    driver == null ? null : Xml.text(driver, "name")));
            Element group = Xml.child(pci, "iommuGroup");
            if (group != null) {
                groupOf.put(address, number(group.getAttribute("number")));
                List<String> members = new ArrayList<>();
                for (Element a : Xml.children(group)) {
                    if (a.getTagName().equals("address")) {
                        members.add(pciAddress(a));
                    }
                }
                membersOf.put(address, members);
            }
            Element types = capability(pci, "mdev_types");
            List<MdevType> offered = new ArrayList<>();
            if (types != null) {
                for (Element t : Xml.children(types)) {
                    if (t.getTagName().equals("type")) {
                        offered.add(new MdevType(t.getAttribute("id"), Xml.text(t, "name"), Xml.text(t, "deviceAPI"),
                                number(Xml.text(t, "availableInstances"))));
                    }
                }
            }
            typesOf.put(address, offered);
        }

        Map<String, List<String>> pciUsers = new LinkedHashMap<>();
        Map<String, List<String>> mdevUsers = new LinkedHashMap<>();
        domains.forEach((vm, xml) -> hostdevs(vm, xml, pciUsers, mdevUsers));

        Map<String, String> parentAddress = new LinkedHashMap<>();
        byAddress.values().forEach(f -> parentAddress.put(f.nodeDevice(), f.address()));
        Map<String, List<Mdev>> mdevsOf = new LinkedHashMap<>();
        for (String xml : mdevDevices) {
            Element device = Xml.parse(xml).getDocumentElement();
            Element mdev = capability(device, "mdev");
            String parent = parentAddress.get(Xml.text(device, "parent"));
            if (mdev == null || parent == null) {
                continue;
            }
            Element type = Xml.child(mdev, "type");
            String uuid = Xml.text(mdev, "uuid");
            mdevsOf.computeIfAbsent(parent, p -> new ArrayList<>()).add(new Mdev(Xml.text(device, "name"), uuid,
                    type == null ? "" : type.getAttribute("id"), List.copyOf(mdevUsers.getOrDefault(uuid.toLowerCase(Locale.ROOT),
                    List.of()))));
        }
        // libvirt lists node devices in no fixed order: a card's vGPUs are shown by UUID
        mdevsOf.values().forEach(list -> list.sort(java.util.Comparator.comparing(Mdev::uuid)));

        List<Gpu> gpus = new ArrayList<>();
        for (PciFunction f : byAddress.values()) {
            if (!f.display()) {
                continue;
            }
            List<PciFunction> functions = byAddress.values().stream()
                    .filter(o -> o != f && o.card().equals(f.card())).toList();
            int group = groupOf.getOrDefault(f.address(), -1);
            List<String> members = List.copyOf(membersOf.getOrDefault(f.address(), List.of()));
            List<String> strangers = members.stream()
                    .filter(a -> !a.substring(0, a.lastIndexOf('.')).equals(f.card()))
                    .filter(a -> byAddress.get(a) == null || !byAddress.get(a).bridge())
                    .toList();
            boolean isolated = group >= 0 && strangers.isEmpty();
            List<String> users = new ArrayList<>();
            for (String a : concat(f, functions)) {
                for (String vm : pciUsers.getOrDefault(a, List.of())) {
                    if (!users.contains(vm)) {
                        users.add(vm);
                    }
                }
            }
            gpus.add(new Gpu(f, functions, group, members, strangers, isolated, List.copyOf(typesOf.getOrDefault(f.address(), List.of())),
                    List.copyOf(mdevsOf.getOrDefault(f.address(), List.of())), List.copyOf(users)));
        }
        gpus.sort(Comparator.comparing(g -> g.device().address()));
        return new HostGpus(List.copyOf(gpus));
    }

    private static List<String> concat(PciFunction f, List<PciFunction> others) {
        List<String> all = new ArrayList<>();
        all.add(f.address());
        others.forEach(o -> all.add(o.address()));
        return all;
    }

    /** The PCI addresses and mdev UUIDs a domain's {@code <hostdev>}s pass through. */
    private static void hostdevs(String vm, String xml, Map<String, List<String>> pci, Map<String, List<String>> mdev) {
        Element devices = Xml.child(Xml.parse(xml).getDocumentElement(), "devices");
        if (devices == null) {
            return;
        }
        for (Element d : Xml.children(devices)) {
            if (!d.getTagName().equals("hostdev")) {
                continue;
            }
            Element source = Xml.child(d, "source");
            Element address = source == null ? null : Xml.child(source, "address");
            if (address == null) {
                continue;
            }
            if ("pci".equals(d.getAttribute("type"))) {
                pci.computeIfAbsent(pciAddress(address), a -> new ArrayList<>()).add(vm);
            } else if ("mdev".equals(d.getAttribute("type"))) {
                mdev.computeIfAbsent(address.getAttribute("uuid").toLowerCase(Locale.ROOT), a -> new ArrayList<>()).add(vm);
            }
        }
    }

    private static Element capability(Element parent, String type) {
        for (Element c : Xml.children(parent)) {
            if (c.getTagName().equals("capability") && type.equals(c.getAttribute("type"))) {
                return c;
            }
        }
        return null;
    }

    /** An {@code <address domain='0x0000' bus='0x05' slot='0x00' function='0x1'/>} as "0000:05:00.1". */
    public static String pciAddress(Element a) {
        return String.format(Locale.ROOT, "%04x:%02x:%02x.%x", number(a.getAttribute("domain")), number(a.getAttribute("bus")),
                number(a.getAttribute("slot")), number(a.getAttribute("function")));
    }

    /** "0x06d8" as "06d8"; "" when absent. */
    private static String id(Element e) {
        if (e == null) {
            return "";
        }
        String id = e.getAttribute("id").toLowerCase(Locale.ROOT);
        return id.startsWith("0x") ? id.substring(2) : id;
    }

    /** Decimal or 0x-hex; 0 when empty or malformed. */
    static int number(String s) {
        String t = s == null ? "" : s.strip();
        try {
            return t.startsWith("0x") || t.startsWith("0X") ? Integer.parseInt(t.substring(2), 16)
                    : t.isEmpty() ? 0 : Integer.parseInt(t);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
