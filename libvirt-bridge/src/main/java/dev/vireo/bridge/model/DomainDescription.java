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
