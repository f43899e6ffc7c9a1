package dev.vireo.bridge.model;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the parts of a libvirt domain XML document that Vireo shows, in one streaming pass
 * (StAX): a connection lists thousands of domains and a DOM tree per document costs three times
 * as much. Unknown elements are skipped; elements in other namespaces (metadata) never count.
 * DTDs are refused. Editing uses DOM on the kept XML, never this.
 */
final class DomainXmlParser {

    private static final XMLInputFactory FACTORY = newFactory();

    private DomainXmlParser() {
    }

    private static XMLInputFactory newFactory() {
        XMLInputFactory f = new com.fasterxml.aalto.stax.InputFactoryImpl();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    /** The fields collected while streaming. */
    private static final class Fields {
        String uuid = "";
        String name = "";
        String title = "";
        String type = "";
        int vcpus;
        long memory;
        long currentMemory;
        String osType = "";
        String arch = "";
        final List<GraphicsInfo> graphics = new ArrayList<>();
        final List<String> video = new ArrayList<>();
        int pci;
        int mdev;
        int disks;
        int interfaces;
    }

    static DomainDescription parse(String xml) {
        XMLStreamReader r = null;
        try {
            r = FACTORY.createXMLStreamReader(new StringReader(xml));
            Fields f = new Fields();
            // path of un-namespaced element names from the root, e.g. [domain, devices, graphics]
            List<String> path = new ArrayList<>();
            boolean rootSeen = false;
            int foreignDepth = 0; // >0 while inside an element of another namespace
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new IllegalArgumentException("malformed XML: a DOCTYPE is not allowed in domain XML");
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    if (foreignDepth > 0 || !isEmpty(r.getNamespaceURI())) {
                        foreignDepth++;
                        continue;
                    }
                    String local = r.getLocalName();
                    if (!rootSeen) {
                        rootSeen = true;
                        if (!"domain".equals(local)) {
                            throw new IllegalArgumentException("not a domain document: <" + local + ">");
                        }
                        f.type = attr(r, "type");
                        path.add(local);
                        continue;
                    }
                    path.add(local);
                    startElement(r, path, f);
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    if (foreignDepth > 0) {
                        foreignDepth--;
                    } else {
                        path.remove(path.size() - 1);
                    }
                }
            }
            if (!rootSeen) {
                throw new IllegalArgumentException("malformed XML: no root element");
            }
            return new DomainDescription(f.uuid, f.name, f.title, f.type, f.vcpus, f.memory,
                    f.currentMemory == 0 ? f.memory : f.currentMemory, f.osType, f.arch, f.graphics, f.video,
                    f.pci, f.mdev, f.disks, f.interfaces, xml);
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException("malformed XML: " + e.getMessage(), e);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException e) {
                    // nothing was opened that needs closing
                }
            }
        }
    }

    /** Handles one element start; text-bearing elements consume their text here. */
    private static void startElement(XMLStreamReader r, List<String> path, Fields f) throws XMLStreamException {
        int depth = path.size();
        String local = path.get(depth - 1);
        if (depth == 2) {
            switch (local) {
                case "uuid" -> f.uuid = text(r, path);
                case "name" -> f.name = text(r, path);
                case "title" -> f.title = text(r, path);
                case "vcpu" -> {
                    String current = attr(r, "current");
                    String count = text(r, path);
                    f.vcpus = parseInt(current.isEmpty() ? count : current, 0);
                }
                case "memory" -> f.memory = scaled(attr(r, "unit"), text(r, path));
                case "currentMemory" -> f.currentMemory = scaled(attr(r, "unit"), text(r, path));
                default -> {
                    // elements Vireo does not show stay in the XML untouched
                }
            }
        } else if (depth == 3 && "os".equals(path.get(1)) && "type".equals(local)) {
            f.arch = attr(r, "arch");
            f.osType = text(r, path);
        } else if (depth == 3 && "devices".equals(path.get(1))) {
            switch (local) {
                case "graphics" -> f.graphics.add(new GraphicsInfo(attr(r, "type"), parseInt(attr(r, "port"), -1),
                        parseInt(attr(r, "tlsPort"), -1), attr(r, "listen"), "yes".equals(attr(r, "autoport"))));
                case "hostdev" -> {
                    String type = attr(r, "type");
                    if ("pci".equals(type)) {
                        f.pci++;
                    } else if ("mdev".equals(type)) {
                        f.mdev++;
                    }
                }
                case "disk" -> f.disks++;
                case "interface" -> f.interfaces++;
                default -> {
                    // other devices are kept in the XML only
                }
            }
        } else if (depth == 4 && "devices".equals(path.get(1))) {
            String parent = path.get(2);
            if ("video".equals(parent) && "model".equals(local)) {
                f.video.add(attr(r, "type"));
            } else if ("graphics".equals(parent) && "listen".equals(local) && !f.graphics.isEmpty()) {
                GraphicsInfo g = f.graphics.get(f.graphics.size() - 1);
                if (g.listen().isEmpty()) {
                    f.graphics.set(f.graphics.size() - 1,
                            new GraphicsInfo(g.type(), g.port(), g.tlsPort(), attr(r, "address"), g.autoport()));
                }
            }
        }
    }

    /** Reads the element's text and leaves the reader on its end tag (popping it from {@code path}). */
    private static String text(XMLStreamReader r, List<String> path) throws XMLStreamException {
        StringBuilder s = new StringBuilder();
        int nested = 0;
        while (true) {
            int event = r.next();
            if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                    || event == XMLStreamConstants.SPACE) {
                if (nested == 0) {
                    s.append(r.getText());
                }
            } else if (event == XMLStreamConstants.START_ELEMENT) {
                nested++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                if (nested == 0) {
                    path.remove(path.size() - 1);
                    return s.toString().strip();
                }
                nested--;
            }
        }
    }

    private static String attr(XMLStreamReader r, String name) {
        String v = r.getAttributeValue(null, name);
        return v == null ? "" : v;
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    /** Converts a libvirt scaled integer ({@code <memory unit='GiB'>4</memory>}) to KiB. */
    static long scaled(String unitAttribute, String text) {
        long value;
        try {
            value = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
        String unit = unitAttribute.toLowerCase(Locale.ROOT);
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
