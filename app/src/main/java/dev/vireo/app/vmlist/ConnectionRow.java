package dev.vireo.app.vmlist;

import dev.vireo.app.connections.ConnectionManager;
import dev.vireo.bridge.ConnectionStatus;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;

/** A connection's group header: its name, status and how many VMs it holds. FX thread only. */
public final class ConnectionRow implements TableEntry {

    private final ConnectionManager.Entry entry;
    private final ObjectProperty<ConnectionStatus> status = new SimpleObjectProperty<>(ConnectionStatus.DISCONNECTED);
    private final IntegerProperty vmCount = new SimpleIntegerProperty();
    private final ObjectProperty<Header> header = new SimpleObjectProperty<>();

    /** What the header row shows, as one value so that its cells update on any part of it. */
    public record Header(String displayName, String uri, ConnectionStatus status, int vmCount) {
    }

    ConnectionRow(ConnectionManager.Entry entry) {
        this.entry = entry;
        status.addListener((o, a, b) -> updateHeader());
        vmCount.addListener((o, a, b) -> updateHeader());
        updateHeader();
    }

    private void updateHeader() {
        header.set(new Header(displayName(), uri(), status.get(), vmCount.get()));
    }

    public ReadOnlyObjectProperty<Header> headerProperty() {
        return header;
    }

    public ConnectionManager.Entry entry() {
        return entry;
    }

    public String displayName() {
        return entry.connection().uri().displayName();
    }

    public String uri() {
        return entry.connection().uri().uri();
    }

    public ReadOnlyObjectProperty<ConnectionStatus> statusProperty() {
        return status;
    }

    public ConnectionStatus status() {
        return status.get();
    }

    void setStatus(ConnectionStatus s) {
        status.set(s);
    }

    private boolean offline;

    /** Whether its VMs are shown as last seen (the host was connected, and is not now). */
    public boolean offline() {
        return offline;
    }

    void setOffline(boolean offline) {
        this.offline = offline;
    }

    public ReadOnlyIntegerProperty vmCountProperty() {
        return vmCount;
    }

    void setVmCount(int n) {
        vmCount.set(n);
    }
}
