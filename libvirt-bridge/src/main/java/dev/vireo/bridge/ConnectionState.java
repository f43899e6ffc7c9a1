package dev.vireo.bridge;

/** Where a connection stands, as its group header shows it. */
public enum ConnectionState {
    CONNECTING("Connecting"),
    CONNECTED("Connected"),
    DISCONNECTED("Disconnected"),
    ERROR("Error");

    private final String label;

    ConnectionState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
