package dev.vireo.bridge.model;

/**
 * One {@code <graphics>} element of a domain: its type ({@code spice}, {@code vnc}, ...), the port
 * (-1 when autoport has not assigned one yet), the TLS port (-1 when none) and the listen address.
 */
public record GraphicsInfo(String type, int port, int tlsPort, String listen, boolean autoport) {
}
