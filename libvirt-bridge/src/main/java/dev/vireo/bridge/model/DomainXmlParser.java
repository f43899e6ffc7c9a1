package dev.vireo.bridge.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.w3c.dom.Element;

/** Reads the parts of a libvirt domain XML document that Vireo shows. Unknown elements are ignored. */
final class DomainXmlParser {

    private DomainXmlParser() {
    }

    static DomainDescription parse(String xml) {
        Element root = Xml.parse(xml).getDocumentElement();
        if (!"domain".equals(root.getTagName())) {
            throw new IllegalArgumentException("not a domain document: <" + root.getTagName() + ">");
        }
        Element os = Xml.child(root, "os");
        Element osTypeElement = os == null ? null : Xml.child(os, "type");
        Element devices = Xml.child(root, "devices");

        List<GraphicsInfo> graphics = new ArrayList<>();
        List<String> video = new ArrayList<>();
        int pci = 0;
        int mdev = 0;
        int disks = 0;
        int interfaces = 0;
        if (devices != null) {
            for (Element device : Xml.children(devices)) {
                switch (device.getTagName()) {
                    case "graphics" -> graphics.add(graphics(device));
                    case "video" -> {
                        Element model = Xml.child(device, "model");
                        if (model != null) {
                            video.add(model.getAttribute("type"));
                        }
                    }
                    case "hostdev" -> {
                        String type = device.getAttribute("type");
                        if ("pci".equals(type)) {
                            pci++;
                        } else if ("mdev".equals(type)) {
                            mdev++;
                        }
                    }
                    case "disk" -> disks++;
                    case "interface" -> interfaces++;
                    default -> {
                        // devices Vireo does not show yet stay in the XML untouched
                    }
                }
            }
        }
        Element vcpu = Xml.child(root, "vcpu");
        int vcpus = 0;
        if (vcpu != null) {
            String current = vcpu.getAttribute("current");
            vcpus = parseInt(current.isEmpty() ? vcpu.getTextContent() : current, 0);
        }
        long memory = memoryKiB(Xml.child(root, "memory"));
        long current = memoryKiB(Xml.child(root, "currentMemory"));
        return new DomainDescription(
                Xml.text(root, "uuid"),
                Xml.text(root, "name"),
                Xml.text(root, "title"),
                root.getAttribute("type"),
                vcpus,
                memory,
                current == 0 ? memory : current,
                osTypeElement == null ? "" : osTypeElement.getTextContent().strip(),
                osTypeElement == null ? "" : osTypeElement.getAttribute("arch"),
                graphics,
                video,
                pci,
                mdev,
                disks,
                interfaces,
                xml);
    }

    private static GraphicsInfo graphics(Element g) {
        String listen = g.getAttribute("listen");
        Element listenElement = Xml.child(g, "listen");
        if (listen.isEmpty() && listenElement != null) {
            listen = listenElement.getAttribute("address");
        }
        return new GraphicsInfo(
                g.getAttribute("type"),
                parseInt(g.getAttribute("port"), -1),
                parseInt(g.getAttribute("tlsPort"), -1),
                listen,
                "yes".equals(g.getAttribute("autoport")));
    }

    /** Converts a libvirt scaled integer ({@code <memory unit='GiB'>4</memory>}) to KiB. */
    static long memoryKiB(Element element) {
        if (element == null) {
            return 0;
        }
        long value;
        try {
            value = Long.parseLong(element.getTextContent().strip());
        } catch (NumberFormatException e) {
            return 0;
        }
        String unit = element.getAttribute("unit").toLowerCase(Locale.ROOT);
        return switch (unit) {
            case "b", "byte", "bytes" -> value / 1024;
            case "kb" -> value * 1000 / 1024;
            case "", "k", "kib" -> value;
            case "mb" -> value * 1000 * 1000 / 1024;
            case "m", "mib" -> value * 1024;
            case "gb" -> value * 1000 * 1000 * 1000 / 1024;
            case "g", "gib" -> value * 1024 * 1024;
            case "tb" -> value * 1000L * 1000 * 1000 * 1000 / 1024;
            case "t", "tib" -> value * 1024 * 1024 * 1024;
            case "pb" -> value * 1000L * 1000 * 1000 * 1000 * 1000 / 1024;
            case "p", "pib" -> value * 1024L * 1024 * 1024 * 1024;
            case "eb" -> value * (1000L * 1000 * 1000 * 1000 * 1000 * 1000 / 1024);
            case "e", "eib" -> value * 1024L * 1024 * 1024 * 1024 * 1024;
            default -> value;
        };
    }

    private static int parseInt(String s, int fallback) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
