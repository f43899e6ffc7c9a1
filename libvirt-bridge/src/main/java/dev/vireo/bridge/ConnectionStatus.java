package dev.vireo.bridge;

/**
 * A connection's state with the reason for it (empty when there is nothing to say).
 *
 * @param error set when {@code state} is {@link ConnectionState#ERROR}
 */
public record ConnectionStatus(ConnectionState state, String message, VirtException error, boolean retrying) {

    public ConnectionStatus(ConnectionState state, String message, VirtException error) {
        this(state, message, error, false);
    }

    public static final ConnectionStatus DISCONNECTED = new ConnectionStatus(ConnectionState.DISCONNECTED, "", null);
    public static final ConnectionStatus CONNECTING = new ConnectionStatus(ConnectionState.CONNECTING, "", null);
    public static final ConnectionStatus CONNECTED = new ConnectionStatus(ConnectionState.CONNECTED, "", null);

    public static ConnectionStatus failed(VirtException error) {
        return new ConnectionStatus(ConnectionState.ERROR, error.userMessage(), error);
    }

    public static ConnectionStatus lost(String reason) {
        return new ConnectionStatus(ConnectionState.DISCONNECTED, reason, null);
    }

    /** The link dropped and Vireo is reconnecting by itself ({@code message} says when). */
    public static ConnectionStatus reconnecting(String message) {
        return new ConnectionStatus(ConnectionState.DISCONNECTED, message, null, true);
    }
}
