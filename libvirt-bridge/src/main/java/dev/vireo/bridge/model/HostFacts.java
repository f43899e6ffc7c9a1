package dev.vireo.bridge.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * What a host can run, for the new-VM wizard: from {@code virConnectGetCapabilities} (guest
 * architectures, KVM or only QEMU's software emulation, machine types) and, where the driver has
 * them, {@code virConnectGetDomainCapabilities} (UEFI firmware, video and graphics models, the
 * vCPU limit). Fields the driver cannot tell are empty and {@link #domainCapabilities()} false.
 *
 * @param kvm hardware virtualization is offered for the host's architecture
 * @param emulation QEMU's software emulation (TCG) is offered: slower by an order of magnitude
 * @param domainTypes every virtualization type offered for the architecture ("kvm", "qemu"; "test"
 *     on the test driver)
 * @param machines machine types and their aliases ("q35", "pc", "pc-q35-7.2", ...)
 * @param firmware UEFI loader images the host has (empty: BIOS only)
 */
public record HostFacts(
        String arch,
        boolean kvm,
        boolean emulation,
        List<String> domainTypes,
        List<String> machines,
        boolean domainCapabilities,
        List<String> firmware,
        boolean uefi,
        List<String> videoModels,
        List<String> graphicsTypes,
        int maxVcpus) {

    public HostFacts {
        domainTypes = List.copyOf(domainTypes);
        machines = List.copyOf(machines);
        firmware = List.copyOf(firmware);
        videoModels = List.copyOf(videoModels);
        graphicsTypes = List.copyOf(graphicsTypes);
    }

    /** The virtualization type a new VM should use: kvm where the host has it, else qemu (TCG), else what the driver offers. */
    public String domainType() {
        return kvm ? "kvm" : emulation || domainTypes.isEmpty() ? "qemu" : domainTypes.get(0);
    }

    public boolean hasMachine(String name) {
        return machines.contains(name);
    }

    /** The host architecture from a capabilities document ({@code <host><cpu><arch>}). */
    public static String hostArch(String capabilitiesXml) {
        Element host = Xml.child(Xml.parse(capabilitiesXml).getDocumentElement(), "host");
        Element cpu = host == null ? null : Xml.child(host, "cpu");
        return cpu == null ? "" : Xml.text(cpu, "arch");
    }

    /**
     * Reads the capabilities for {@code arch}, and the domain capabilities when given (null where
     * the driver has none).
     */
    public static HostFacts parse(String capabilitiesXml, String arch, String domainCapabilitiesXml) {
        Document caps = Xml.parse(capabilitiesXml);
        boolean kvm = false;
        boolean emulation = false;
        Set<String> machines = new LinkedHashSet<>();
        Set<String> types = new LinkedHashSet<>();
        for (Element guest : Xml.children(caps.getDocumentElement())) {
            if (!guest.getTagName().equals("guest") || !"hvm".equals(Xml.text(guest, "os_type"))) {
                continue;
            }
            Element archElement = Xml.child(guest, "arch");
            if (archElement == null || !arch.equals(archElement.getAttribute("name"))) {
                continue;
            }
            for (Element e : Xml.children(archElement)) {
                switch (e.getTagName()) {
                    case "machine" -> {
                        machines.add(e.getTextContent().strip());
                        if (!e.getAttribute("canonical").isEmpty()) {
                            machines.add(e.getAttribute("canonical"));
                        }
                    }
                    case "domain" -> {
                        types.add(e.getAttribute("type"));
                        kvm |= "kvm".equals(e.getAttribute("type"));
                        emulation |= "qemu".equals(e.getAttribute("type"));
                        for (Element m : Xml.children(e)) {
                            if (m.getTagName().equals("machine")) {
                                machines.add(m.getTextContent().strip());
                            }
                        }
                    }
                    default -> {
                        // wordsize, emulator, loader: not needed here
                    }
                }
            }
        }
        if (domainCapabilitiesXml == null) {
            return new HostFacts(arch, kvm, emulation, new ArrayList<>(types), new ArrayList<>(machines), false, List.of(), false, List.of(),
                    List.of(), 0);
        }
        Element dom = Xml.parse(domainCapabilitiesXml).getDocumentElement();
        Element vcpu = Xml.child(dom, "vcpu");
        int maxVcpus = vcpu == null || vcpu.getAttribute("max").isEmpty() ? 0 : Integer.parseInt(vcpu.getAttribute("max"));
        List<String> firmware = new ArrayList<>();
        boolean efi = false;
        Element os = Xml.child(dom, "os");
        if (os != null && "yes".equals(os.getAttribute("supported"))) {
            efi = enumValues(os, "firmware").contains("efi");
            Element loader = Xml.child(os, "loader");
            if (loader != null && "yes".equals(loader.getAttribute("supported"))) {
                for (Element v : Xml.children(loader)) {
                    if (v.getTagName().equals("value")) {
                        firmware.add(v.getTextContent().strip());
                    }
                }
            }
        }
        Element devices = Xml.child(dom, "devices");
        List<String> video = devices == null ? List.of() : enumValues(Xml.child(devices, "video"), "modelType");
        List<String> graphics = devices == null ? List.of() : enumValues(Xml.child(devices, "graphics"), "type");
        return new HostFacts(arch, kvm, emulation, new ArrayList<>(types), new ArrayList<>(machines), true, firmware,
                efi && !firmware.isEmpty(), video, graphics, maxVcpus);
    }

    /** The values of {@code <enum name='NAME'>} in {@code parent}, when it is supported. */
    private static List<String> enumValues(Element parent, String name) {
        List<String> values = new ArrayList<>();
        if (parent == null || "no".equals(parent.getAttribute("supported"))) {
            return values;
        }
        for (Element e : Xml.children(parent)) {
            if (e.getTagName().equals("enum") && name.equals(e.getAttribute("name"))) {
                for (Element v : Xml.children(e)) {
                    values.add(v.getTextContent().strip());
                }
            }
        }
        return values;
    }
}
