package dev.vireo.bridge.model;

import java.util.List;
import java.util.Objects;

/**
 * What a domain's XML says about it, parsed once and kept together with the XML it came from.
 * Edits never regenerate XML from this record: they patch a copy of {@link #xml()}.
 */
public record DomainDescription(
        String uuid,
        String name,
        String title,
        String type,
        int vcpus,
        long memoryKiB,
        long currentMemoryKiB,
        String osType,
        String arch,
        List<GraphicsInfo> graphics,
        List<String> videoModels,
        int pciHostdevs,
        int mdevHostdevs,
        int disks,
        int interfaces,
        String xml) {

    public DomainDescription {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(name, "name");
        title = title == null ? "" : title;
        graphics = List.copyOf(graphics);
        videoModels = List.copyOf(videoModels);
        Objects.requireNonNull(xml, "xml");
    }

    /**
     * What a host's bulk listing says before the XML is read (hosts behind a slow link): name,
     * UUID, vCPUs and memory; everything else empty until the details arrive.
     */
    public static DomainDescription summary(String uuid, String name, int vcpus, long memoryKiB, long currentMemoryKiB) {
        return new DomainDescription(uuid, name, "", "", vcpus, memoryKiB, currentMemoryKiB, "", "", List.of(), List.of(),
                0, 0, 0, 0, "");
    }

    /** False for a {@link #summary}: the XML has not been read yet. */
    public boolean detailed() {
        return !xml.isEmpty();
    }

    /** Parses a domain XML document as libvirt returns it from {@code virDomainGetXMLDesc}. */
    public static DomainDescription parse(String xml) {
        return DomainXmlParser.parse(xml);
    }

    public long memoryMiB() {
        return memoryKiB / 1024;
    }

    public boolean hasSpice() {
        return graphics.stream().anyMatch(g -> "spice".equals(g.type()));
    }

    public boolean hasHostdevs() {
        return pciHostdevs + mdevHostdevs > 0;
    }
}
