package dev.vireo.bridge.model;

/** A guest's current frame as the hypervisor encoded it (QEMU: PPM or PNG), from virDomainScreenshot. */
public record Screenshot(String mimeType, byte[] data) {
}
